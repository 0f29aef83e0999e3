// Package bench measures tipwire's fetch pipeline on a synthetic workload:
// a farm of generated feeds served over loopback HTTP (Farm), a full first
// pass and an all-304 second pass through the real fetcher, filters, store
// and daemon (Run), a bare floor on the same bytes (Floor), and gofeed alone
// against the fetcher's parse and normalisation (CompareParse).
//
// The floor is a measuring tool, not part of tipwire: it parses with gofeed's
// default parser and inserts with database/sql into a bare SQLite table, so
// this package imports both, which the rest of tipwire reserves for fetcher
// and store (it also reads the store's items table to count what was
// stored, since the store's queries return curated items only). It exists only to say how far the pipeline is from the least
// work any reader must do.
package bench
