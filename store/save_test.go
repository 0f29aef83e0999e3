package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func TestDedupAcrossSources(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://a.example/rss", "https://b.example/atom")
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), stories(0, 3)), tipwire.SaveStats{New: 3, Matched: 3})

	clock.advance(time.Hour)
	// Feed B carries the same stories under other links and GUIDs; the
	// caller has already canonicalised the links to the same URL.
	var fromB []tipwire.Item
	for _, it := range stories(0, 3) {
		it.GUID = "b-" + it.GUID
		it.Link = strings.Replace(it.Link, "https://", "http://", 1) + "&fbclid=x"
		it.Title += " (B edition)"
		fromB = append(fromB, it)
	}
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), fromB), tipwire.SaveStats{Duplicate: 3})

	items := allItems(t, s)
	if len(items) != 3 {
		t.Fatalf("items = %d, want 3", len(items))
	}
	for _, it := range items {
		want := []tipwire.Outlet{
			{SourceID: ids[0], Name: "outlet https://a.example/rss", SeenAt: t0},
			{SourceID: ids[1], Name: "outlet https://b.example/atom", SeenAt: t0.Add(time.Hour)},
		}
		want[0].Link = it.CanonicalURL + "?utm_source=rss"
		want[1].Link = strings.Replace(want[0].Link, "https://", "http://", 1) + "&fbclid=x"
		assertOutlets(t, it.Outlets, want)
		if strings.Contains(it.Title, "B edition") {
			t.Errorf("item %s took feed B's title %q; the first outlet's copy is kept", it.Key, it.Title)
		}
	}

	// Feed B again, now with the GUIDs recorded: still duplicates.
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), fromB), tipwire.SaveStats{Duplicate: 3})
	if n := count(t, s, "outlets"); n != 6 {
		t.Errorf("outlets = %d, want 6", n)
	}
}

func TestResavingTheSameBatchChangesNothing(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	batch := append(stories(0, 10), tipwire.Item{Title: "No link, no guid", Summary: "text only"})
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), batch), tipwire.SaveStats{New: 11, Matched: 10})
	before := dump(t, s)

	clock.advance(2 * time.Hour)
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), batch), tipwire.SaveStats{Duplicate: 11})
	if after := dump(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("re-saving changed the tables:\nbefore %v\nafter  %v", before, after)
	}
}

func TestGUIDUpdatePath(t *testing.T) {
	later := t0.Add(30 * time.Minute)
	tests := []struct {
		name        string
		edit        func(*tipwire.Item)
		wantUpdated time.Time // zero: not an update
	}{
		{"new title, publisher date moves", func(it *tipwire.Item) { it.Title = "Corrected headline"; it.Updated = later }, later},
		{"new content, no date", func(it *tipwire.Item) { it.Content = "<p>More detail.</p>" }, t0.Add(time.Hour)},
		{"new summary, older date", func(it *tipwire.Item) { it.Summary = "changed"; it.Updated = t0.Add(-48 * time.Hour) }, t0.Add(time.Hour)},
		{"only the link changed", func(it *tipwire.Item) { it.Link = "https://news.example/x" }, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clock := newStore(t)
			ids := addSources(t, s, "https://a.example/rss")
			orig := story(1)
			saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{orig})
			before := allItems(t, s)[0]

			clock.advance(time.Hour)
			edited := story(1)
			tt.edit(&edited)
			edited.Matches = []tipwire.Match{{Topic: "cambodia", Terms: []string{"phnom penh"}, Score: 2}}
			stats := saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{edited})
			got := allItems(t, s)

			if tt.wantUpdated.IsZero() {
				wantStats(t, stats, tipwire.SaveStats{Duplicate: 1})
				if len(got) != 1 || !reflect.DeepEqual(got[0].Matches, []tipwire.Match{edited.Matches[0], before.Matches[0]}) {
					t.Errorf("a duplicate must add its matches: got %+v", got)
				}
				return
			}
			wantStats(t, stats, tipwire.SaveStats{Updated: 1})
			if len(got) != 1 {
				t.Fatalf("items = %d, want 1", len(got))
			}
			it := got[0]
			if it.Key != before.Key || !it.FirstSeen.Equal(before.FirstSeen) {
				t.Errorf("key/first_seen changed: %s %v -> %s %v", before.Key, before.FirstSeen, it.Key, it.FirstSeen)
			}
			if it.Title != edited.Title || it.Summary != edited.Summary || it.Content != edited.Content {
				t.Errorf("fields not updated: %+v", it)
			}
			if !it.Updated.Equal(tt.wantUpdated) {
				t.Errorf("updated = %v, want %v", it.Updated, tt.wantUpdated)
			}
			if !reflect.DeepEqual(it.Matches, edited.Matches) {
				t.Errorf("matches = %+v, want replaced by %+v", it.Matches, edited.Matches)
			}
		})
	}
}

func TestContentHashPath(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss")
	bare := tipwire.Item{Title: "Victims Rescued", Summary: "<p>Ten  victims were <b>rescued</b>.</p>",
		Matches: []tipwire.Match{{Topic: "trafficking"}}}
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{bare}), tipwire.SaveStats{New: 1, Matched: 1})

	// Same text with other markup, case and spacing: the same item.
	same := bare
	same.Title, same.Summary = "victims rescued", "Ten victims were\nrescued."
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{same}), tipwire.SaveStats{Duplicate: 1})

	// Same text, but with a GUID: identified by the GUID, not merged.
	withGUID := same
	withGUID.GUID = "b-1"
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{withGUID}), tipwire.SaveStats{New: 1, Matched: 1})

	items := allItems(t, s)
	if len(items) != 2 {
		t.Fatalf("items = %d, want 2", len(items))
	}
	byGUID := map[string]tipwire.Item{items[0].GUID: items[0], items[1].GUID: items[1]}
	if n := len(byGUID[""].Outlets); n != 2 {
		t.Errorf("hash-merged item has %d outlets, want 2", n)
	}
}

func TestSameItemTwiceInOneBatch(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{story(1), story(1), story(2)}),
		tipwire.SaveStats{New: 2, Duplicate: 1, Matched: 2})
	if n := count(t, s, "outlets"); n != 2 {
		t.Errorf("outlets = %d, want 2", n)
	}
}

func TestKeysAreDerivedFromTheFirstIdentity(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	hashItem := tipwire.Item{Title: "Only text", Matches: []tipwire.Match{{Topic: "t"}}}
	guidItem := tipwire.Item{GUID: "tag:a,2025:1", Title: "Only a guid", Matches: []tipwire.Match{{Topic: "t"}}}
	urlItem := story(1)
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{hashItem, guidItem, urlItem})

	// The publication day in 4 hex digits (0000 without a date), then the
	// identity's hash.
	keyOf := func(ident string, published time.Time) string {
		day := "0000"
		if !published.IsZero() {
			day = fmt.Sprintf("%04x", published.Unix()/86400)
		}
		sum := sha256.Sum256([]byte(ident))
		return day + hex.EncodeToString(sum[:])[4:32]
	}
	want := map[string]string{
		"Only text":   keyOf("hash:"+new(hasher).contentHash(hashItem), time.Time{}),
		"Only a guid": keyOf(fmt.Sprintf("guid:%d:tag:a,2025:1", ids[0]), time.Time{}),
		urlItem.Title: keyOf("url:"+urlItem.CanonicalURL, urlItem.Published),
	}
	if urlItem.Published.IsZero() {
		t.Fatal("story(1) has no date: the test would not check the day")
	}
	for _, it := range allItems(t, s) {
		if it.Key != want[it.Title] {
			t.Errorf("key of %q = %s, want %s", it.Title, it.Key, want[it.Title])
		}
	}
}

func TestSaveItemsWithoutSource(t *testing.T) {
	s, clock := newStore(t)
	ctx := context.Background()
	seed := tipwire.Item{GUID: "seed:bbc-2025", Title: "Seed article", Content: "<p>Scam compounds.</p>",
		Outlet: "seed corpus", Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{"scam compound*"}}}}
	linked := story(7)
	linked.Outlet = "seed corpus"
	for range 2 { // the second run must find both again
		if _, err := s.SaveItems(ctx, []tipwire.Item{seed, linked}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, s, "items"); n != 2 {
		t.Fatalf("items = %d, want 2", n)
	}
	clock.advance(time.Hour)
	ids := addSources(t, s, "https://a.example/rss")
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{story(7)}), tipwire.SaveStats{Duplicate: 1})

	for _, it := range allItems(t, s) {
		if it.Outlets[0].SourceID != 0 || it.Outlets[0].Name != "seed corpus" || it.Outlet != "seed corpus" {
			t.Errorf("first outlet of %q = %+v, want the unsourced seed corpus", it.Title, it.Outlets[0])
		}
		if it.Title == linked.Title && (len(it.Outlets) != 2 || it.Outlets[1].SourceID != ids[0]) {
			t.Errorf("outlets of %q = %+v, want seed corpus then source %d", it.Title, it.Outlets, ids[0])
		}
	}
}

func TestItemsWithoutIdentityAreSkipped(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	stats := saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{{Summary: "<p> </p>"}, story(1)})
	wantStats(t, stats, tipwire.SaveStats{New: 1, Matched: 1})
}

func TestUnmatchedItemsAreStoredNotCounted(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss")
	plain := story(2)
	plain.Matches = nil
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{story(1), plain}), tipwire.SaveStats{New: 2, Matched: 1})
	if n := count(t, s, "items"); n != 2 {
		t.Errorf("items = %d, want 2 (every item is stored)", n)
	}
	if n := len(allItems(t, s)); n != 1 {
		t.Errorf("Items() = %d, want only the matched one", n)
	}
}

func TestSaveFetchOfUnknownSource(t *testing.T) {
	s, _ := newStore(t)
	_, err := s.SaveFetch(context.Background(), 3, stateOK(), stories(0, 2))
	if !errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), "store: save fetch of source 3: ") {
		t.Fatalf("err = %v, want ErrNotFound with context", err)
	}
	if n := count(t, s, "items"); n != 0 {
		t.Errorf("items = %d, want 0", n)
	}
}

func assertOutlets(t *testing.T, got, want []tipwire.Outlet) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("outlets = %+v, want %+v", got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.SourceID != w.SourceID || g.Name != w.Name || g.Link != w.Link || !g.SeenAt.Equal(w.SeenAt) {
			t.Errorf("outlet %d = %+v, want %+v", i, g, w)
		}
	}
}

// dump returns every row of the item tables, to compare states.
func dump(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"items", "outlets", "matches"} {
		rows, err := s.w.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
