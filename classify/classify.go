// Package classify is the one path from an item to its verdicts: the item
// is tagged (package tags: countries, exploitation and event types), then
// matched against the compiled topics (package filters), whose rules may
// test those tags (tag:KH). The daemon, tipwire check, tipwire eval and
// tipwire rematch all classify through it, so a rule gives the same verdict
// wherever it runs.
package classify

import (
	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
)

// Tagger computes an item's tags from its text; *tags.Tagger satisfies it.
type Tagger interface {
	Tag(it tipwire.Item) []string
}

// Classifier tags and matches items. It is immutable and safe for
// concurrent use when its Tagger is.
type Classifier struct {
	tagger Tagger
	set    *filters.Set
}

// New returns a Classifier over the compiled topics. A nil tagger keeps the
// tags an item arrives with (a caller that tags elsewhere, or none).
func New(set *filters.Set, tagger Tagger) *Classifier {
	return &Classifier{tagger: tagger, set: set}
}

// Set returns the compiled topics.
func (c *Classifier) Set() *filters.Set { return c.set }

// Tag returns the item's tags computed from its text alone: tags it carries
// already are ignored, so stale stored tags never feed their own successors.
func (c *Classifier) Tag(it tipwire.Item) []string {
	if c.tagger == nil {
		return it.Tags
	}
	it.Tags = nil
	return c.tagger.Tag(it)
}

// Classify returns the item with its Tags computed and its Matches set.
func (c *Classifier) Classify(it tipwire.Item) tipwire.Item {
	it.Tags = c.Tag(it)
	it.Matches = c.set.Match(it)
	return it
}

// Match tags the item and returns the topics it matches: Classify's
// matches, for callers that store tags separately (the store's re-match).
func (c *Classifier) Match(it tipwire.Item) []tipwire.Match {
	return c.Classify(it).Matches
}

// Evaluate tags the item and returns its tags and every topic's verdict,
// matched or not, with the explanation tipwire check and eval print.
func (c *Classifier) Evaluate(it tipwire.Item) ([]string, []filters.Verdict) {
	it.Tags = c.Tag(it)
	return it.Tags, c.set.Evaluate(it)
}
