package store

import (
	"context"
	"slices"
	"testing"

	"github.com/tipwire/tipwire"
)

// TestRetag checks that Retag gives every stored item the tags of the new
// tagger, rewrites only the items whose tags changed, hands the tagger the
// text without the old tags, and records the fingerprint.
func TestRetag(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss")
	items := stories(0, 3)
	items[0].Tags = []string{"TH"}           // the old gazetteer got this one wrong
	items[1].Tags = []string{"rescue", "KH"} // right, in another order
	// items[2]: stored before there were tags
	saveFetch(t, s, ids[0], stateOK(), items)

	ctx := context.Background()
	if fp, err := s.TagsFingerprint(ctx); err != nil || fp != "" {
		t.Fatalf("fingerprint before any retag = %q, %v; want none", fp, err)
	}
	tag := func(it tipwire.Item) []string {
		if it.Tags != nil {
			t.Errorf("tagger given the old tags %v of %q", it.Tags, it.Title)
		}
		switch it.Title {
		case items[0].Title, items[1].Title:
			return []string{"KH", "rescue"}
		}
		return []string{"MM"}
	}
	st, err := s.Retag(ctx, tag, "fp-2")
	if err != nil {
		t.Fatal(err)
	}
	if st != (RetagStats{Items: 3, Changed: 2}) {
		t.Errorf("Retag = %+v, want 3 items, 2 changed (the second already had its tags)", st)
	}
	want := map[string][]string{items[0].Title: {"KH", "rescue"}, items[1].Title: {"KH", "rescue"}, items[2].Title: {"MM"}}
	for _, it := range allItems(t, s) {
		got := slices.Sorted(slices.Values(it.Tags))
		if !slices.Equal(got, want[it.Title]) {
			t.Errorf("%q tagged %v, want %v", it.Title, got, want[it.Title])
		}
	}
	if fp, err := s.TagsFingerprint(ctx); err != nil || fp != "fp-2" {
		t.Errorf("fingerprint after Retag = %q, %v; want fp-2", fp, err)
	}
	if kh, err := s.Items(ctx, tipwire.ItemQuery{Tag: "KH"}); err != nil || len(kh) != 2 {
		t.Errorf("stories tagged KH: %d (%v), want 2", len(kh), err)
	}
}
