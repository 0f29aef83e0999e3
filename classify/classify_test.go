package classify_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/tags"
)

// newCambodia classifies with the real tagger and a topic that needs both
// the country tag and the word.
func newCambodia(t *testing.T) *classify.Classifier {
	t.Helper()
	set, err := filters.Compile([]tipwire.Topic{{Name: "cambodia", Rule: "tag:KH AND traffick*"}})
	if err != nil {
		t.Fatal(err)
	}
	tagger, err := tags.New()
	if err != nil {
		t.Fatal(err)
	}
	return classify.New(set, tagger)
}

// TestTagRulesSeeComputedTags: a tag: rule holds on an item whose text
// names the country, through every entry point.
func TestTagRulesSeeComputedTags(t *testing.T) {
	c := newCambodia(t)
	tests := []struct {
		name string
		it   tipwire.Item
		want bool
	}{
		{"country and word", tipwire.Item{Title: "Trafficking ring broken up in Phnom Penh"}, true},
		{"word only", tipwire.Item{Title: "Trafficking ring broken up in Bangkok"}, false},
		{"country only", tipwire.Item{Title: "Phnom Penh floods"}, false},
		{"stale stored tag is not trusted", tipwire.Item{Title: "Trafficking ring broken up in Bangkok", Tags: []string{"KH"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Classify(tt.it)
			if matched := len(got.Matches) == 1; matched != tt.want {
				t.Errorf("Classify: tags %v, matches %+v; want matched %v", got.Tags, got.Matches, tt.want)
			}
			if matched := len(c.Match(tt.it)) == 1; matched != tt.want {
				t.Errorf("Match: matched %v, want %v", matched, tt.want)
			}
			tagsSeen, vs := c.Evaluate(tt.it)
			if vs[0].Matched != tt.want || !slices.Equal(tagsSeen, got.Tags) {
				t.Errorf("Evaluate: tags %v, verdict %+v; want matched %v and tags %v", tagsSeen, vs[0], tt.want, got.Tags)
			}
		})
	}
}

// TestNilTaggerKeepsTags: without a tagger the item's own tags are used.
func TestNilTaggerKeepsTags(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "cambodia", Rule: "tag:KH AND traffick*"}})
	if err != nil {
		t.Fatal(err)
	}
	c := classify.New(set, nil)
	it := tipwire.Item{Title: "Trafficking ring broken up", Tags: []string{"KH"}}
	if got := c.Classify(it); !slices.Equal(got.Tags, []string{"KH"}) || len(got.Matches) != 1 {
		t.Errorf("Classify = tags %v, matches %+v; want KH kept and a match", got.Tags, got.Matches)
	}
}

// BenchmarkClassify tags and matches general-interest feed items against
// the shipped vocabulary: the per-item cost of the daemon's classify step.
func BenchmarkClassify(b *testing.B) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "trafficking", Vocabulary: "trafficking"}})
	if err != nil {
		b.Fatal(err)
	}
	tagger, err := tags.New()
	if err != nil {
		b.Fatal(err)
	}
	c := classify.New(set, tagger)
	data, err := os.ReadFile("../filters/testdata/realworld-items.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var items []tipwire.Item
	for line := range strings.Lines(string(data)) {
		var rec struct{ Title, Summary, Content string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			b.Fatal(err)
		}
		items = append(items, tipwire.Item{Title: rec.Title, Summary: rec.Summary, Content: rec.Content})
	}
	for b.Loop() {
		for _, it := range items {
			c.Classify(it)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/item")
}
