package filters

import (
	"testing"

	"github.com/tipwire/tipwire"
)

// Computed tags (Item.Tags) are seen by tag: terms and by nothing else.
func TestComputedTags(t *testing.T) {
	set, err := Compile([]tipwire.Topic{
		{Name: "cambodia", Rule: `tag:KH AND traffick*`},
		{Name: "scams", Rule: `tag:forced-criminality`},
		{Name: "plain", Any: []string{"labour"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	it := tipwire.Item{Title: "Trafficking victims freed", Tags: []string{"KH", "forced-criminality", "labour"}}
	got := map[string]bool{}
	for _, m := range set.Match(it) {
		got[m.Topic] = true
	}
	if !got["cambodia"] || !got["scams"] {
		t.Errorf("tag: rules did not see Item.Tags: %v", got)
	}
	if got["plain"] {
		t.Error("an unscoped term matched a computed tag")
	}
	it.Tags = nil
	if ms := set.Match(it); len(ms) != 0 {
		t.Errorf("untagged item matched %v", ms)
	}
}
