package daemon

import "github.com/tipwire/tipwire"

// Tagger labels an item with countries and types; *tags.Tagger satisfies it.
type Tagger interface {
	Tag(it tipwire.Item) []string
}

// tag returns the item's tags, or nil when no tagger is configured. Tags
// are set before matching so topic rules can test them (tag:KH).
func (d *Daemon) tag(it tipwire.Item) []string {
	if d.opts.Tagger == nil {
		return it.Tags
	}
	return d.opts.Tagger.Tag(it)
}
