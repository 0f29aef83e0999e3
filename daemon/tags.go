package daemon

import "github.com/tipwire/tipwire"

// Classifier tags an item and matches it against the topics, returning it
// with Tags and Matches set; *classify.Classifier satisfies it. Tags come
// first so topic rules can test them (tag:KH), as in tipwire check and eval.
type Classifier interface {
	Classify(it tipwire.Item) tipwire.Item
}
