package daemon

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/tags"
)

// TestItemsAreTaggedBeforeMatching runs fetched and corpus items through
// the real classifier with a rule that needs a computed tag: it matches
// only if tagging came first.
func TestItemsAreTaggedBeforeMatching(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "cambodia", Rule: "tag:KH AND traffick*"}})
	if err != nil {
		t.Fatal(err)
	}
	tagger, err := tags.New()
	if err != nil {
		t.Fatal(err)
	}
	st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
	d := New(&fakeFetcher{}, st, classify.New(set, tagger), Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	items := d.prepare(tipwire.Source{Name: "Outlet"}, fetcher.Result{Items: []tipwire.Item{
		{Title: "Trafficking suspects held in Cambodia"}, {Title: "Weather in Cambodia"},
	}})
	if !slices.Contains(items[0].Tags, "KH") || len(items[0].Matches) != 1 {
		t.Errorf("Cambodian trafficking item: tags %v, matches %v", items[0].Tags, items[0].Matches)
	}
	if !slices.Contains(items[1].Tags, "KH") || len(items[1].Matches) != 0 {
		t.Errorf("Cambodian weather item: tags %v, matches %v", items[1].Tags, items[1].Matches)
	}
	if _, err := d.SaveCorpus(context.Background(), []tipwire.Item{{Title: "Cambodia trafficking trial opens"}}); err != nil {
		t.Fatal(err)
	}
	if got := st.saved[0][0]; !slices.Contains(got.Tags, "KH") || len(got.Matches) != 1 {
		t.Errorf("corpus item: tags %v, matches %v", got.Tags, got.Matches)
	}
}
