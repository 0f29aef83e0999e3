package store

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// t0 is the fake clock's start; far from the zone of "now" so that a test
// using the real clock by mistake shows.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC)

// fakeClock is an injected clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newStore opens a store in a fresh directory (below a directory that does
// not exist yet, to exercise its creation) with a fake clock.
func newStore(t testing.TB) (*Store, *fakeClock) {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "data", "tipwire.db"))
}

func openAt(t testing.TB, path string) (*Store, *fakeClock) {
	t.Helper()
	s, err := Open(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	clock := &fakeClock{t: t0}
	s.now = clock.now
	return s, clock
}

// addSources stores sources named after their URLs and returns their ids.
func addSources(t testing.TB, s *Store, urls ...string) []int64 {
	t.Helper()
	var srcs []tipwire.Source
	for _, u := range urls {
		srcs = append(srcs, tipwire.Source{URL: u, Name: "outlet " + u, Origin: tipwire.OriginConfig})
	}
	stored, err := s.EnsureSources(context.Background(), srcs)
	if err != nil {
		t.Fatalf("EnsureSources: %v", err)
	}
	ids := make([]int64, len(stored))
	for i, src := range stored {
		ids[i] = src.ID
	}
	return ids
}

// story returns a matched item with a canonical URL and a GUID.
func story(n int) tipwire.Item {
	return tipwire.Item{
		GUID:         fmt.Sprintf("guid-%d", n),
		Link:         fmt.Sprintf("https://news.example/story/%d?utm_source=rss", n),
		CanonicalURL: fmt.Sprintf("https://news.example/story/%d", n),
		Title:        fmt.Sprintf("Trafficking ring %d dismantled", n),
		Summary:      fmt.Sprintf("<p>Police freed %d victims of <b>human trafficking</b>.</p>", n),
		Author:       "Reporter",
		Categories:   []string{"crime", "asia"},
		Published:    t0.Add(-time.Duration(n) * time.Hour),
		Matches:      []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: 1.5}},
	}
}

func stories(from, to int) []tipwire.Item {
	var items []tipwire.Item
	for n := from; n < to; n++ {
		items = append(items, story(n))
	}
	return items
}

func saveFetch(t testing.TB, s *Store, sourceID int64, state tipwire.FetchState, items []tipwire.Item) tipwire.SaveStats {
	t.Helper()
	stats, err := s.SaveFetch(context.Background(), sourceID, state, items)
	if err != nil {
		t.Fatalf("SaveFetch: %v", err)
	}
	return stats
}

func allItems(t testing.TB, s *Store) []tipwire.Item {
	t.Helper()
	items, err := s.Items(context.Background(), tipwire.ItemQuery{Limit: MaxLimit})
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	return items
}

// count returns the number of rows of a table, read through the writer so
// it sees everything committed.
func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	// The table name is one of our own constants in every caller.
	if err := s.w.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func wantStats(t testing.TB, got, want tipwire.SaveStats) {
	t.Helper()
	if got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}
