package store

import (
	"context"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func prune(t *testing.T, s *Store, before time.Time) int {
	t.Helper()
	n, err := s.Prune(context.Background(), before)
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	return n
}

// TestPruneNeverResurrects prunes old stories and then lets the feeds that
// still list them deliver them again: nothing comes back as new, whether
// found by canonical URL (with a changed date too), by source and GUID
// (with a changed link), or by content, while a genuinely new item still is.
func TestPruneNeverResurrects(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	noLink := tipwire.Item{Title: "Trafficking survivors speak out", Summary: "A podcast episode.",
		Matches: []tipwire.Match{{Topic: "trafficking"}}}
	old := []tipwire.Item{wireCopy(0), story(1), story(2)}
	saveFetch(t, s, ids[0], stateOK(), old)
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)}) // joins wireCopy(0)'s story
	if _, err := s.SaveItems(context.Background(), []tipwire.Item{noLink}); err != nil {
		t.Fatal(err)
	}
	clock.advance(100 * 24 * time.Hour)
	kept := story(3)
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{kept})

	if n := prune(t, s, clock.now().Add(-90*24*time.Hour)); n != 5 {
		t.Errorf("pruned %d items, want the 5 older than 90 days", n)
	}
	if n := prune(t, s, clock.now().Add(-90*24*time.Hour)); n != 0 {
		t.Errorf("second prune deleted %d items, want 0", n)
	}
	for _, table := range []string{"items", "stories", "outlets", "matches"} {
		if n := count(t, s, table); n != 1 {
			t.Errorf("%s rows = %d, want 1 (the recent story)", table, n)
		}
	}

	// The old feeds still list everything.
	relinked := story(2)
	relinked.Link, relinked.CanonicalURL = "https://news.example/moved/2", "https://news.example/moved/2"
	again := append([]tipwire.Item{wireCopy(0), story(1), relinked, kept}, story(4))
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), again), tipwire.SaveStats{New: 1, Duplicate: 4, Matched: 1})
	// Another feed lists story 1 under another date: that changes the key
	// it would be stored under (storedKey), not its identity.
	redated := story(1)
	redated.Published = redated.Published.Add(72 * time.Hour)
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1), redated}), tipwire.SaveStats{Duplicate: 2})
	stats, err := s.SaveItems(context.Background(), []tipwire.Item{noLink})
	if err != nil {
		t.Fatal(err)
	}
	wantStats(t, stats, tipwire.SaveStats{Duplicate: 1})
	items := allItems(t, s)
	if len(items) != 2 {
		t.Errorf("published %d stories after re-delivery, want the 2 recent ones", len(items))
	}
}

// TestPruneKeepsGrowingStory checks that a story is pruned by its newest
// item: an old story that a recent copy joined stays whole.
func TestPruneKeepsGrowingStory(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	clock.advance(48 * time.Hour)
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)})
	if n := prune(t, s, t0.Add(24*time.Hour)); n != 0 {
		t.Errorf("pruned %d items of a story seen after the cut-off", n)
	}
	if items := allItems(t, s); len(items) != 1 || len(items[0].Outlets) != 2 {
		t.Errorf("story after prune: %+v, want it whole", items)
	}
}

// TestPruneDropsOldStoryKeys checks that the reduced texts older than the
// story window, which the story index is built from, are removed, so they
// stay the size of the window.
func TestPruneDropsOldStoryKeys(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	if count(t, s, "story_docs") == 0 {
		t.Fatal("nothing stored in story_docs")
	}
	clock.advance(DefaultStoryWindow + time.Hour)
	prune(t, s, t0.Add(-time.Hour))
	if n := count(t, s, "story_docs"); n != 0 {
		t.Errorf("story_docs = %d after the window, want 0", n)
	}
	if n := count(t, s, "items"); n != 1 {
		t.Errorf("items = %d, want the item kept (retention is longer)", n)
	}
}
