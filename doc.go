// Package tipwire holds the domain vocabulary shared by every other package of
// the tipwire daemon: items, sources, their fetch state, topics, matches and
// the queries the publisher asks the store. It imports only the standard
// library and performs no I/O, so every other package can depend on it and on
// nothing else of this module.
package tipwire
