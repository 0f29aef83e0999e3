// Package text holds the one definition of how tipwire reads text: the
// plain text of an HTML fragment, where a tag ends, what a word is, and
// how words are folded so that spellings people treat as one word compare
// equal. The matcher, the tagger, the clustering and the store's identity
// key all read text through it, so a rule, a place name and a story see
// the same words.
//
// It is pure: no I/O, no state beyond read-only tables.
package text
