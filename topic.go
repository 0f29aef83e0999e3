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
}

// ItemQuery selects published items: only items that matched a topic are
// returned, newest first.
type ItemQuery struct {
	Topic  string    // only items matching this topic; "" means any topic
	Since  time.Time // only items first seen at or after Since, when non-zero
	Limit  int       // at most this many; 0 means the store's default
	Offset int       // skip this many (pagination)
}
