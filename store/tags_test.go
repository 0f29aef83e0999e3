package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func TestTags(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss")
	tagged := func(n int, tags ...string) tipwire.Item {
		it := story(n)
		it.Tags = tags
		return it
	}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{tagged(1, "KH", "labour"), tagged(2, "TH"), tagged(3)})
	clock.advance(time.Hour)
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{tagged(4, "KH", "rescue")})

	ctx := context.Background()
	byKey := map[string][]string{}
	all, err := s.Items(ctx, tipwire.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range all {
		byKey[it.Title] = it.Tags
	}
	if got := byKey[story(1).Title]; !slices.Equal(got, []string{"KH", "labour"}) {
		t.Errorf("story 1 tags = %v", got)
	}
	if got := byKey[story(3).Title]; len(got) != 0 {
		t.Errorf("untagged story has tags %v", got)
	}

	for _, tc := range []struct {
		tag  string
		want int
	}{{"KH", 2}, {"TH", 1}, {"labour", 1}, {"US", 0}} {
		items, err := s.Items(ctx, tipwire.ItemQuery{Tag: tc.tag})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != tc.want {
			t.Errorf("Items(tag %s) = %d stories, want %d", tc.tag, len(items), tc.want)
		}
	}

	counts, err := s.TagCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) == 0 || counts[0] != (tipwire.TagCount{Tag: "KH", Stories: 2}) {
		t.Errorf("TagCounts = %v, want KH with 2 stories first", counts)
	}
}

func TestTagsReplacedOnUpdate(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	it := story(1)
	it.Tags = []string{"KH"}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{it})
	clock.advance(time.Hour)
	it.Title += " (updated)"
	it.Updated = clock.now()
	it.Tags = []string{"LA"}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{it})
	items, err := s.Items(context.Background(), tipwire.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !slices.Equal(items[0].Tags, []string{"LA"}) {
		t.Fatalf("after an edit, tags = %v, want [LA]", items[0].Tags)
	}
	if n := count(t, s, "tags"); n != 1 {
		t.Errorf("%d tag rows, want 1", n)
	}
}

// A re-match sees the stored tags, so tag: rules hold after a topic change.
func TestRematchSeesTags(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	kh, other := story(1), story(2)
	kh.Tags = []string{"KH", "labour"}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{kh, other})
	var seen [][]string
	_, err := s.Rematch(context.Background(), func(it tipwire.Item) []tipwire.Match {
		seen = append(seen, it.Tags)
		return nil
	}, "fp")
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !slices.Equal(seen[0], []string{"KH", "labour"}) || len(seen[1]) != 0 {
		t.Errorf("rematch saw tags %v", seen)
	}
}
