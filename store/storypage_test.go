package store

import (
	"context"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func TestStoryByAnyMemberKey(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	clock.advance(time.Hour)
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)})
	unmatched := tipwire.Item{GUID: "weather", Title: "Sunny weekend ahead", Summary: "<p>Warm.</p>"}
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{unmatched})

	listed := allItems(t, s)
	if len(listed) != 1 {
		t.Fatalf("got %d stories, want 1", len(listed))
	}
	keyOf := func(guid string) string {
		var k string
		if err := s.r.QueryRow(`SELECT key FROM items WHERE guid = ?`, guid).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	ctx := context.Background()
	for _, key := range []string{listed[0].Key, keyOf("wire-1")} {
		got, found, err := s.Story(ctx, key)
		if err != nil || !found {
			t.Fatalf("Story(%s): found %v, %v", key, found, err)
		}
		if got.Key != listed[0].Key || got.Title != wireCopy(0).Title || len(got.Outlets) != 2 || len(got.Matches) != 1 {
			t.Errorf("Story(%s) = key %s %q, %d outlets, %d matches; want the listed story with both outlets",
				key, got.Key, got.Title, len(got.Outlets), len(got.Matches))
		}
		if got.Outlets[1].Reason != tipwire.MergeNearDuplicate {
			t.Errorf("second outlet %+v, want merged as a near-duplicate", got.Outlets[1])
		}
	}
	for _, key := range []string{"0123456789abcdef0123456789abcdef", keyOf("weather"), ""} {
		if _, found, err := s.Story(ctx, key); found || err != nil {
			t.Errorf("Story(%q) found %v, error %v; want not found", key, found, err)
		}
	}
}
