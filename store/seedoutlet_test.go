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
	old, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	seed := tipwire.Item{
		GUID: "seed:voa-cambodia-watch-list-2015", Link: "https://www.voacambodia.com/a/2933382.html",
		Title: "Anti-Trafficking NGO ‘Disappointed’", Summary: "<p>An NGO says.</p>",
		Published: time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC), Outlet: "seed corpus",
		Matches: []tipwire.Match{{Topic: "trafficking", Score: 3}},
	}
	other := tipwire.Item{GUID: "seed:other", Title: "Another seed", Summary: "<p>Other text.</p>", Outlet: "seed corpus",
		Matches: []tipwire.Match{{Topic: "trafficking", Score: 3}}}
	if _, err := old.SaveItems(ctx, []tipwire.Item{seed, other}); err != nil {
		t.Fatal(err)
	}
	// Replay the step on a database that holds what it was written for;
	// rolling user_version back would re-run the later, additive steps too.
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.w.Exec(ms[10].sql); err != nil {
		t.Fatalf("%s: %v", ms[10].name, err)
	}
	if err := old.Close(); err != nil {
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
