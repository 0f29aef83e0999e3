package store

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

func TestRematch(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	src := addSources(t, s, "https://feeds.example/a")[0]
	// More than one batch, so paging is exercised; even stories keep their
	// match, odd ones lose it, and the new rule sees the outlet's name.
	saveFetch(t, s, src, tipwire.FetchState{}, stories(0, rematchBatch+3))
	if fp, err := s.TopicsFingerprint(ctx); err != nil || fp != "" {
		t.Fatalf("fingerprint before any rematch = %q, %v; want empty", fp, err)
	}
	var sawOutlet bool
	match := func(it tipwire.Item) []tipwire.Match {
		sawOutlet = sawOutlet || it.Outlet != ""
		n, err := strconv.Atoi(strings.Fields(it.Title)[2]) // "Trafficking ring N dismantled"
		if err != nil || n%2 == 1 {
			return nil
		}
		return []tipwire.Match{{Topic: "trafficking", Terms: []string{"ring"}, Score: 2}, {Topic: "even", Terms: []string{"x"}, Score: 1}}
	}
	st, err := s.Rematch(ctx, match, "fp-1")
	if err != nil {
		t.Fatal(err)
	}
	want := RematchStats{Items: rematchBatch + 3, Changed: rematchBatch + 3, Matched: rematchBatch/2 + 2}
	if st != want {
		t.Errorf("Rematch = %+v, want %+v", st, want)
	}
	if !sawOutlet {
		t.Error("match never saw the item's outlet")
	}
	if fp, _ := s.TopicsFingerprint(ctx); fp != "fp-1" {
		t.Errorf("fingerprint = %q, want fp-1", fp)
	}
	if n := count(t, s, "matches"); n != 2*want.Matched {
		t.Errorf("%d match rows, want %d", n, 2*want.Matched)
	}
	again, err := s.Rematch(ctx, match, "fp-1")
	if err != nil || again.Changed != 0 {
		t.Errorf("second Rematch = %+v, %v; want nothing changed", again, err)
	}
}

func TestRematchRejectsBadMatches(t *testing.T) {
	s, _ := newStore(t)
	src := addSources(t, s, "https://feeds.example/a")[0]
	saveFetch(t, s, src, tipwire.FetchState{}, stories(0, 2))
	dup := func(tipwire.Item) []tipwire.Match { return []tipwire.Match{{Topic: "a"}, {Topic: "a"}} }
	_, err := s.Rematch(context.Background(), dup, "fp")
	if err == nil || !strings.Contains(err.Error(), `topic "a" matched twice`) {
		t.Errorf("Rematch with duplicate topics: %v", err)
	}
	if fp, _ := s.TopicsFingerprint(context.Background()); fp != "" {
		t.Errorf("fingerprint recorded after a failed rematch: %q", fp)
	}
	if n := count(t, s, "matches"); n != 2 {
		t.Errorf("%d match rows after a failed rematch, want the 2 from before", n)
	}
}

// A match keeps the filters' explanation of its score (migration 0010), and
// a re-match replaces it.
func TestMatchReasonStored(t *testing.T) {
	s, _ := newStore(t)
	src := addSources(t, s, "https://feeds.example/a")[0]
	it := story(1)
	it.Matches = []tipwire.Match{{Topic: "trafficking", Terms: []string{"ring"}, Score: 2,
		Reason: `score 2.00 ≥ threshold 1: "ring" (title) +2.00`}}
	saveFetch(t, s, src, tipwire.FetchState{}, []tipwire.Item{it})
	reason := func() string {
		items := allItems(t, s)
		if len(items) != 1 || len(items[0].Matches) != 1 {
			t.Fatalf("stored %+v, want one item with one match", items)
		}
		return items[0].Matches[0].Reason
	}
	if got := reason(); got != it.Matches[0].Reason {
		t.Errorf("stored reason %q, want %q", got, it.Matches[0].Reason)
	}
	_, err := s.Rematch(context.Background(), func(tipwire.Item) []tipwire.Match {
		return []tipwire.Match{{Topic: "trafficking", Terms: []string{"ring"}, Score: 1.5, Reason: "re-matched"}}
	}, "fp-2")
	if err != nil {
		t.Fatal(err)
	}
	if got := reason(); got != "re-matched" {
		t.Errorf("reason after Rematch %q, want the new one", got)
	}
}
