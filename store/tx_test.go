package store

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tipwire/tipwire"
)

// cancelAfter is a log handler that cancels a context when the store logs
// its n-th new item: a deterministic way to cancel a save mid-batch.
type cancelAfter struct {
	mu     sync.Mutex
	n      int
	cancel context.CancelFunc
}

func (h *cancelAfter) Enabled(context.Context, slog.Level) bool { return true }
func (h *cancelAfter) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *cancelAfter) WithGroup(string) slog.Handler            { return h }
func (h *cancelAfter) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Message == "item new" {
		if h.n--; h.n == 0 {
			h.cancel()
		}
	}
	return nil
}

func TestSaveFetchIsAtomic(t *testing.T) {
	const poisonAt = 30
	tests := []struct {
		name  string
		setup func(t *testing.T, s *Store, items []tipwire.Item) context.Context
	}{
		{"sql error mid-batch", func(t *testing.T, s *Store, items []tipwire.Item) context.Context {
			_, err := s.w.Exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON items WHEN NEW.title = 'poison'
				BEGIN SELECT RAISE(ABORT, 'poisoned item'); END`)
			if err != nil {
				t.Fatal(err)
			}
			items[poisonAt].Title = "poison"
			return context.Background()
		}},
		{"invalid matches mid-batch", func(t *testing.T, s *Store, items []tipwire.Item) context.Context {
			items[poisonAt].Matches = append(items[poisonAt].Matches, items[poisonAt].Matches[0])
			return context.Background()
		}},
		{"context cancelled mid-batch", func(t *testing.T, s *Store, items []tipwire.Item) context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			s.logger = slog.New(&cancelAfter{n: poisonAt, cancel: cancel})
			return ctx
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			ids := addSources(t, s, "https://a.example/rss")
			old := stateOK()
			old.ETag = `"v0"`
			if err := s.SaveState(context.Background(), ids[0], old); err != nil {
				t.Fatal(err)
			}
			items := stories(0, 50)
			ctx := tt.setup(t, s, items)

			next := stateOK()
			next.ETag = `"v1"`
			if _, err := s.SaveFetch(ctx, ids[0], next, items); err == nil {
				t.Fatal("SaveFetch succeeded")
			} else {
				t.Logf("SaveFetch: %v", err)
			}
			for _, table := range []string{"items", "outlets", "matches"} {
				if n := count(t, s, table); n != 0 {
					t.Errorf("%s = %d after a failed fetch, want 0", table, n)
				}
			}
			srcs, err := s.Sources(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if srcs[0].State.ETag != `"v0"` {
				t.Errorf("ETag = %s after a failed fetch, want the old \"v0\"", srcs[0].State.ETag)
			}
			// The writer is usable again.
			if _, err := s.SaveFetch(context.Background(), ids[0], next, stories(0, 5)); err != nil {
				t.Fatalf("SaveFetch after the failure: %v", err)
			}
		})
	}
}

func TestConcurrentSaveFetch(t *testing.T) {
	s, _ := newStore(t)
	runConcurrentFetches(t, []*Store{s})
}

// TestConcurrentStoresOnOneFile is two processes on one database (the
// daemon and `tipwire fetch`): immediate transactions and the busy timeout
// make them wait for each other instead of failing with "database is locked".
func TestConcurrentStoresOnOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s1, _ := openAt(t, path)
	s2, _ := openAt(t, path)
	runConcurrentFetches(t, []*Store{s1, s2})
}

// runConcurrentFetches saves, from one goroutine per source, rounds of
// batches that share ten stories and carry ten of their own, while readers
// list items, spreading the sources over the given stores. It then checks
// that every story is stored once with an outlet per source.
func runConcurrentFetches(t *testing.T, stores []*Store) {
	const sources, rounds, shared, own = 8, 5, 10, 10
	var urls []string
	for i := range sources {
		urls = append(urls, fmt.Sprintf("https://s%d.example/feed", i))
	}
	ids := addSources(t, stores[0], urls...)
	ctx := context.Background()
	errs := make(chan error, sources*rounds*2)
	var wg sync.WaitGroup
	for i, id := range ids {
		s := stores[i%len(stores)]
		wg.Go(func() {
			for r := range rounds {
				first := 1000 + i*100 + r*own
				items := append(stories(0, shared), stories(first, first+own)...)
				if _, err := s.SaveFetch(ctx, id, stateOK(), items); err != nil {
					errs <- err
				}
			}
		})
		wg.Go(func() {
			for range rounds {
				if _, err := s.Items(ctx, tipwire.ItemQuery{}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	items := allItems(t, stores[0])
	if want := shared + sources*rounds*own; len(items) != want {
		t.Errorf("items = %d, want %d", len(items), want)
	}
	sharedURL := map[string]bool{}
	for _, it := range stories(0, shared) {
		sharedURL[it.CanonicalURL] = true
	}
	for _, it := range items {
		want := 1
		if sharedURL[it.CanonicalURL] {
			want = sources
		}
		if len(it.Outlets) != want {
			t.Errorf("story %s has %d outlets, want %d", it.CanonicalURL, len(it.Outlets), want)
		}
	}
}
