package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// Migration 0011 renames the "seed corpus" outlet of the corpus article to
// its publisher, so storing the corpus again lists one outlet, not two.
func TestMigrationNamesSeedOutlet(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	seed := tipwire.Item{
		GUID: "seed:voa-cambodia-watch-list-2015", Link: "https://www.voacambodia.com/a/2933382.html",
		Title: "Anti-Trafficking NGO ‘Disappointed’", Summary: "<p>An NGO says.</p>",
		Published: time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC), Outlet: "seed corpus",
		Matches: []tipwire.Match{{Topic: "trafficking", Score: 3}},
	}
	other := tipwire.Item{GUID: "seed:other", Title: "Another seed", Summary: "<p>Other text.</p>", Outlet: "seed corpus",
		Matches: []tipwire.Match{{Topic: "trafficking", Score: 3}}}
	// The corpus as the schema of migration 0010 held it: later migrations
	// rebuild tables that a fully migrated store cannot go back from.
	db := openAtStep(t, path, 10)
	for i, it := range []tipwire.Item{seed, other} {
		id, key := i+1, storedKey(itemKey(identity(it, 0, "")), it.Published)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO items (id, key, guid, link, title, summary, published, first_seen, story_id)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?1)`,
				[]any{id, key, it.GUID, it.Link, it.Title, it.Summary, encTime(it.Published)}},
			{`INSERT INTO stories (id, key, first_seen, last_seen) VALUES (?1, ?2, 1, 1)`, []any{id, key}},
			{`INSERT INTO outlets (item_id, name, guid, seen_at) VALUES (?1, ?2, ?3, 1)`, []any{id, it.Outlet, it.GUID}},
			{`INSERT INTO matches (item_id, topic, score) VALUES (?1, 'trafficking', 3)`, []any{id}},
		} {
			if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, _ := openAt(t, path)
	seed.Outlet = "Voice of America"
	if _, err := s.SaveItems(ctx, []tipwire.Item{seed}); err != nil {
		t.Fatal(err)
	}
	items, err := s.Items(ctx, tipwire.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]tipwire.Outlet{}
	for _, it := range items {
		got[it.GUID] = it.Outlets
	}
	if o := got[seed.GUID]; len(o) != 1 || o[0].Name != "Voice of America" {
		t.Errorf("seed outlets after the migration = %+v, want Voice of America alone", o)
	}
	if o := got[other.GUID]; len(o) != 1 || o[0].Name != "seed corpus" {
		t.Errorf("another item's outlets = %+v, want it left alone", o)
	}
}
