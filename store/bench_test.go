package store

import (
	"context"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

// BenchmarkSaveFetch saves 50-item fetches: "new" stores 50 unseen items
// per fetch (a first pass), "duplicate" re-saves the same 50 (a feed that
// did not change but answered 200), "other-source" saves them from a
// second source (the same stories from another feed: new outlets).
func BenchmarkSaveFetch(b *testing.B) {
	const batchSize = 50
	body := "<p>" + strings.Repeat("Authorities rescued victims of human trafficking. ", 40) + "</p>" // ~2 KB
	batchFrom := func(first int) []tipwire.Item {
		items := stories(first, first+batchSize)
		for i := range items {
			items[i].Summary = body
		}
		return items
	}
	ctx := context.Background()

	b.Run("new", func(b *testing.B) {
		s, _ := newStore(b)
		ids := addSources(b, s, "https://a.example/rss")
		n := 0
		for b.Loop() {
			if _, err := s.SaveFetch(ctx, ids[0], stateOK(), batchFrom(n)); err != nil {
				b.Fatal(err)
			}
			n += batchSize
		}
		reportItems(b, n)
	})
	b.Run("duplicate", func(b *testing.B) {
		s, _ := newStore(b)
		ids := addSources(b, s, "https://a.example/rss")
		items := batchFrom(0)
		saveFetch(b, s, ids[0], stateOK(), items)
		n := 0
		for b.Loop() {
			if _, err := s.SaveFetch(ctx, ids[0], stateOK(), items); err != nil {
				b.Fatal(err)
			}
			n += batchSize
		}
		reportItems(b, n)
	})
	b.Run("other-source", func(b *testing.B) {
		s, _ := newStore(b)
		ids := addSources(b, s, "https://a.example/rss", "https://b.example/rss")
		n := 0
		for b.Loop() {
			b.StopTimer()
			items := batchFrom(n)
			saveFetch(b, s, ids[0], stateOK(), items)
			b.StartTimer()
			if _, err := s.SaveFetch(ctx, ids[1], stateOK(), items); err != nil {
				b.Fatal(err)
			}
			n += batchSize
		}
		reportItems(b, n)
	})
}

func reportItems(b *testing.B, n int) {
	if secs := b.Elapsed().Seconds(); secs > 0 {
		b.ReportMetric(float64(n)/secs, "items/s")
	}
}
