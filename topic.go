package tipwire

import "time"

// Topic is a named set of rules; matched items are published in its feed at
// /topics/{Name}.atom. The rule semantics belong to the filters package.
type Topic struct {
	Name  string   // URL-safe name: lowercase letters, digits and '-'
	Title string   // human title of the topic feed
	Any   []string // at least one of these must occur (if non-empty)
	All   []string // every one of these must occur
	None  []string // none of these may occur

	// Rule is a boolean expression an item must satisfy (filters package
	// documentation); "" means none.
	Rule string
	// Vocabulary names a built-in weighted term list merged into the topic
	// (for example "trafficking"); "" means none.
	Vocabulary string
	// Threshold is the least relevance score a match needs; 0 means the
	// filters package default.
	Threshold float64
}

// ItemQuery selects published items: only items that matched a topic are
// returned, newest first.
type ItemQuery struct {
	Topic  string    // only items matching this topic; "" means any topic
	Since  time.Time // only items first seen at or after Since, when non-zero
	Limit  int       // at most this many; 0 means the store's default
	Offset int       // skip this many (pagination)
	Query  string    // full-text search terms (words, "phrases", prefix*); "" means no search
	Tag    string    // only stories carrying this tag ("KH", "labour"); "" means any
}
