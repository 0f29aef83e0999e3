package publish

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// TestFeedCategoriesForReaders checks what readers file stories by: topics,
// countries and types, each with a scheme and a label in Atom and a label
// in RSS and JSON Feed; never the matcher's terms ("traffick*", "held").
func TestFeedCategoriesForReaders(t *testing.T) {
	items := taggedItems()
	items[0].Matches[0].Terms = append(items[0].Matches[0].Terms, "traffick*", "held")
	opts := taggedOptions()
	matched := []string{"traffick*", "held", "human trafficking", "forced labour"}

	t.Run("atom", func(t *testing.T) {
		var doc atomDoc
		if err := xml.Unmarshal(render(t, FormatAtom, FeedMetaFor(opts, "", FormatAtom), items), &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Entries {
			if len(e.Categories) == 0 {
				t.Errorf("entry %s has no category", e.ID)
			}
			for _, c := range e.Categories {
				if strings.Contains(c.Term+c.Label, "*") || c.Label == "" || !strings.HasPrefix(c.Scheme, "http://tipwire.test/") {
					t.Errorf("entry %s category %+v: want a label, a scheme under the site and no '*'", e.ID, c)
				}
				for _, m := range matched {
					if c.Term == m || c.Label == m {
						t.Errorf("entry %s publishes the matched term %q as a category", e.ID, m)
					}
				}
			}
		}
	})
	t.Run("rss", func(t *testing.T) {
		var doc rssDocIn
		if err := xml.Unmarshal(render(t, FormatRSS, FeedMetaFor(opts, "", FormatRSS), items), &doc); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(doc.Channel.Items[0].Categories, "|")
		if want := "Human trafficking news|Cambodia|Cambodia|Labour exploitation|Forced criminality"; got != want {
			t.Errorf("rss categories %q, want %q", got, want)
		}
	})
	t.Run("json", func(t *testing.T) {
		var doc jsonDocIn
		if err := json.Unmarshal(render(t, FormatJSON, FeedMetaFor(opts, "", FormatJSON), items), &doc); err != nil {
			t.Fatal(err)
		}
		for _, it := range doc.Items {
			for _, tag := range it.Tags {
				if strings.Contains(tag, "*") || tag == "held" || tag == "human trafficking" {
					t.Errorf("item %s carries the matcher's term %q as a tag", it.ID, tag)
				}
			}
		}
	})
}

func TestTypeLabel(t *testing.T) {
	for tag, want := range map[string]string{
		"labour": "Labour exploitation", "arrest-raid": "Arrest or raid",
		"domestic-servitude": "Domestic servitude", "rescue": "Rescue", "": "",
	} {
		if got := typeLabel(tag); got != want {
			t.Errorf("typeLabel(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestTopicFeedTitleSaysItOnce(t *testing.T) {
	opts := testOptions()
	opts.Title = "tipwire: human trafficking news"
	for topic, want := range map[string]string{
		"":            "tipwire: human trafficking news",
		"trafficking": "tipwire: human trafficking news — topic trafficking",
		"cambodia":    "tipwire: human trafficking news — Cambodia",
	} {
		if got := FeedMetaFor(opts, topic, FormatAtom).Title; got != want {
			t.Errorf("topic %q: title %q, want %q", topic, got, want)
		}
	}
}
