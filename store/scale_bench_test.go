package store

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// prefillItems is the size of the large database of BenchmarkSaveAtScale
// ("1M" at the default); its prefill takes minutes, so a quick run may ask
// for less.
var prefillItems = flag.Int("prefill", 1_000_000, "items in BenchmarkSaveAtScale's large database")

// concurrentSources is how many sources save at once in new-concurrent.
const concurrentSources = 8

// BenchmarkSaveAtScale measures the save path on an empty database and on
// one that already holds a million items, to show that lookups stay
// indexed and the near-duplicate candidate set stays bounded:
//
//	go test -run '^$' -bench SaveAtScale -benchtime 200x ./store
//	go test -run '^$' -bench SaveAtScale -benchtime 200x ./store -args -prefill 200000
//
// "new" saves 50-item fetches of unseen, unrelated stories (dedup lookups,
// tombstone check, story candidates, inserts), one after another;
// "new-concurrent" saves such fetches from 8 sources at once, as the
// daemon's workers do; "duplicate" saves the same
// stories again from a second source (found by canonical URL, new outlet).
// The million stored items are spread over 90 days; as after a Prune, only
// those inside the story window keep candidate keys.
func BenchmarkSaveAtScale(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"empty", 0}, {largeName(*prefillItems), *prefillItems}} {
		b.Run(size.name, func(b *testing.B) {
			s, clock := newStore(b)
			urls := []string{"https://a.example/rss", "https://b.example/rss"}
			for i := range concurrentSources {
				urls = append(urls, fmt.Sprintf("https://c%d.example/rss", i))
			}
			ids := addSources(b, s, urls...)
			if size.n > 0 {
				prefill(b, s, ids[0], size.n)
			}
			var next int // numbers stories across runs (-count), so "new" stays new
			benchNewAndDuplicate(b, s, clock, ids, &next)
		})
	}
}

// largeName names the large case by its size: "1M", "200k".
func largeName(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}

func benchNewAndDuplicate(b *testing.B, s *Store, clock *fakeClock, ids []int64, next *int) {
	const batchSize = 50
	ctx := context.Background()
	var saved [][]tipwire.Item
	b.Run("new", func(b *testing.B) {
		n := 0
		for b.Loop() {
			clock.advance(time.Minute)
			batch := randomStories(*next, batchSize, clock.now())
			*next += batchSize
			if _, err := s.SaveFetch(ctx, ids[0], stateOK(), batch); err != nil {
				b.Fatal(err)
			}
			saved = append(saved, batch)
			n += batchSize
		}
		reportItems(b, n)
	})
	// As the daemon saves: several sources' fetches at once, each waiting
	// for the one writer.
	b.Run("new-concurrent", func(b *testing.B) {
		n := 0
		for b.Loop() {
			clock.advance(time.Minute)
			var wg sync.WaitGroup
			errs := make([]error, concurrentSources)
			for i, id := range ids[2 : 2+concurrentSources] {
				batch := randomStories(*next, batchSize, clock.now())
				*next += batchSize
				wg.Go(func() { _, errs[i] = s.SaveFetch(ctx, id, stateOK(), batch) })
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				b.Fatal(err)
			}
			n += batchSize * concurrentSources
		}
		reportItems(b, n)
	})
	b.Run("duplicate", func(b *testing.B) {
		n, i := 0, 0
		for b.Loop() {
			if _, err := s.SaveFetch(ctx, ids[1], stateOK(), saved[i%len(saved)]); err != nil {
				b.Fatal(err)
			}
			i++
			n += batchSize
		}
		reportItems(b, n)
	})
}

// randomStories returns count matched stories, numbered from first, whose
// titles and leads are drawn from a large vocabulary: unrelated to each
// other, as most items of a day are. Like a real feed's, they are dated,
// published over the hours before now.
func randomStories(first, count int, now time.Time) []tipwire.Item {
	items := make([]tipwire.Item, count)
	for i := range items {
		n := first + i
		x := uint64(n)*0x9e3779b97f4a7c15 + 1
		words := func(k int) string {
			var w []string
			for range k {
				x = x*6364136223846793005 + 1442695040888963407
				// A 5,000-word vocabulary, like a news desk's: unrelated
				// texts share a few words, and the full-text index sees
				// realistic terms.
				w = append(w, fmt.Sprintf("w%d", (x>>33)%5000))
			}
			return strings.Join(w, " ")
		}
		link := fmt.Sprintf("https://bench.example/%d/story", n)
		items[i] = tipwire.Item{
			GUID: fmt.Sprintf("bench-%d", n), Link: link, CanonicalURL: link,
			Title: words(8), Summary: "<p>" + words(40) + "</p>",
			Published: now.Add(-time.Duration(x>>60) * time.Hour),
			Matches:   []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: 1}},
		}
	}
	return items
}

// prefill inserts n items from source sourceID, one story, outlet and
// match each, first seen over the 90 days before the clock, with the text
// of unrelated stories of the benchmark's vocabulary. Rows are written in
// one transaction (seconds, where n SaveFetch calls would take many
// minutes); the full-text index is then grown in transactions of a fetch's
// size, as the save path grows it: FTS5 files segments by how often they
// were merged, not by size, and one bulk statement leaves segments of
// thousands of pages at low levels that a daemon's index never has, which
// the timed saves would then pay to rewrite. Items of the last story
// window get their reduced text and candidate keys.
func prefill(b *testing.B, s *Store, sourceID int64, n int) {
	b.Helper()
	ctx := context.Background()
	span := int64(90 * 24 * time.Hour)
	end := encTimeNotNull(t0)
	window := encTimeNotNull(t0.Add(-DefaultStoryWindow))
	steps := []string{
		`INSERT INTO stories (id, key, first_seen, published, last_seen)
		SELECT id, key, first_seen, published, first_seen FROM items WHERE id > 1000000`,
		`INSERT INTO outlets (item_id, source_id, name, link, guid, fingerprint, seen_at)
		SELECT id, ?1, 'prefill', link, guid, '', first_seen FROM items WHERE id > 1000000`,
		`INSERT INTO matches (item_id, topic, terms, score)
		SELECT id, 'trafficking', '["human trafficking"]', 1 FROM items WHERE id > 1000000`,
	}
	start := time.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO items
			(id, key, guid, link, canonical_url, title, summary, published, updated, first_seen, story_id)
			VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?7, ?7, ?1)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i := 1; i <= n; i++ {
			id := int64(i + 1_000_000)
			it := prefillStory(id)
			seen := end - int64(n-i)*(span/int64(n))
			link := fmt.Sprintf("https://prefill.example/%d", i)
			key := storedKey(itemKey("url:"+link), time.Unix(0, seen))
			if _, err := ins.ExecContext(ctx, id, key, fmt.Sprintf("pre-%d", i), link, it.Title, it.Summary, seen); err != nil {
				return fmt.Errorf("insert prefilled item %d: %w", i, err)
			}
		}
		for _, q := range steps {
			if _, err := tx.ExecContext(ctx, q, sourceID); err != nil {
				return fmt.Errorf("%.40s: %w", strings.TrimSpace(q), err)
			}
		}
		return prefillDocs(s, tx, window)
	})
	if err != nil {
		b.Fatalf("prefill: %v", err)
	}
	const fetch = 50
	for first := 1_000_001; first <= 1_000_000+n; first += fetch {
		err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO items_fts (rowid, title, body)
				SELECT id, title, replace(replace(summary, '<p>', ''), '</p>', '') FROM items
				WHERE id BETWEEN ?1 AND ?2`, first, first+fetch-1)
			return err
		})
		if err != nil {
			b.Fatalf("prefill full-text index: %v", err)
		}
	}
	// Statistics as PRAGMA optimize keeps them, and the WAL
	// copied into the database now rather than by the first timed commits.
	for _, q := range []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := s.w.Exec(q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("prefilled %d items in %v", n, time.Since(start).Round(time.Second))
}

// prefillStory is the text of prefilled item id: an unrelated story of the
// benchmark's vocabulary, as long as the timed ones.
func prefillStory(id int64) tipwire.Item { return randomStories(-int(id), 1, time.Time{})[0] }

// prefillDocs gives each prefilled item of the story window the reduced
// text the save path would have stored for a story of
// the benchmark's vocabulary. Unrelated texts of one vocabulary do share a
// key now and then, so new items meet candidates among them, as they do
// among the items of a real window.
func prefillDocs(s *Store, tx *sql.Tx, window int64) error {
	ctx := context.Background()
	type row struct{ id, seen int64 }
	rs, err := queryAll(ctx, tx, func(rows *sql.Rows) (row, error) {
		var r row
		err := rows.Scan(&r.id, &r.seen)
		return r, err
	}, `SELECT id, first_seen FROM items WHERE id > 1000000 AND first_seen >= ?1`, window)
	if err != nil {
		return err
	}
	bt := s.newBatch(ctx, tx, 0)
	for _, r := range rs {
		it := prefillStory(r.id)
		if err := bt.keepDoc(r.id, r.id, time.Unix(0, r.seen), bt.now, storyDoc(it.Title, it.Summary, "", time.Time{})); err != nil {
			return err
		}
	}
	return nil
}
