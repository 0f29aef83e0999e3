package daemon

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// titleTagger tags items whose title names Cambodia.
type titleTagger struct{}

func (titleTagger) Tag(it tipwire.Item) []string {
	if strings.Contains(it.Title, "Cambodia") {
		return []string{"KH"}
	}
	return nil
}

// tagMatcher matches items tagged KH, so it proves tags are set before
// matching.
type tagMatcher struct{}

func (tagMatcher) Match(it tipwire.Item) []tipwire.Match {
	if slices.Contains(it.Tags, "KH") {
		return []tipwire.Match{{Topic: "cambodia", Terms: []string{"tag:KH"}, Score: 3}}
	}
	return nil
}

func TestItemsAreTaggedBeforeMatching(t *testing.T) {
	st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
	d := New(&fakeFetcher{}, st, tagMatcher{}, Options{Tagger: titleTagger{}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	items := d.prepare(tipwire.Source{Name: "Outlet"}, fetcher.Result{Items: []tipwire.Item{
		{Title: "Scam compound raided in Cambodia"}, {Title: "Weather"},
	}})
	if !slices.Equal(items[0].Tags, []string{"KH"}) || len(items[0].Matches) != 1 {
		t.Errorf("Cambodian item: tags %v, matches %v", items[0].Tags, items[0].Matches)
	}
	if len(items[1].Tags) != 0 || len(items[1].Matches) != 0 {
		t.Errorf("other item: tags %v, matches %v", items[1].Tags, items[1].Matches)
	}
	if _, err := d.SaveCorpus(context.Background(), []tipwire.Item{{Title: "Cambodia rescues 40"}}); err != nil {
		t.Fatal(err)
	}
	if got := st.saved[0][0]; !slices.Equal(got.Tags, []string{"KH"}) || len(got.Matches) != 1 {
		t.Errorf("corpus item: tags %v, matches %v", got.Tags, got.Matches)
	}
}
