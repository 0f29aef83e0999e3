package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// unmatched is item it as it arrives when it matches no topic.
func unmatched(it tipwire.Item) tipwire.Item {
	it.Matches = nil
	return it
}

// published says what of item id's publication the store holds: whether
// it is in a story, in the search index, and has candidate keys.
func published(t *testing.T, s *Store, id int64) (story, indexed, keys bool) {
	t.Helper()
	err := s.w.QueryRow(`SELECT story_id IS NOT NULL,
		EXISTS (SELECT 1 FROM items_fts WHERE rowid = ?1),
		EXISTS (SELECT 1 FROM story_keys WHERE item_id = ?1)
		FROM items WHERE id = ?1`, id).Scan(&story, &indexed, &keys)
	if err != nil {
		t.Fatalf("read publication of item %d: %v", id, err)
	}
	return story, indexed, keys
}

// itemID returns the id of the item stored with canonical URL u.
func itemID(t *testing.T, s *Store, u string) int64 {
	t.Helper()
	var id int64
	if err := s.w.QueryRow(`SELECT id FROM items WHERE canonical_url = ?1`, u).Scan(&id); err != nil {
		t.Fatalf("item %s: %v", u, err)
	}
	return id
}

func searchCount(t *testing.T, s *Store, q string) int {
	t.Helper()
	items, err := s.Items(context.Background(), tipwire.ItemQuery{Query: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return len(items)
}

// An item that matches no topic is stored for dedup and re-matching only:
// no story, no search index row, no reduced text or keys; it is found
// again by its identities like any other.
func TestUnmatchedItemIsNotPublished(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	stats := saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{unmatched(wireCopy(0)), story(1)})
	wantStats(t, stats, tipwire.SaveStats{New: 2, Matched: 1})
	if story, indexed, keys := published(t, s, itemID(t, s, wireCopy(0).CanonicalURL)); story || indexed || keys {
		t.Errorf("unmatched item: story %v, indexed %v, keys %v; want none", story, indexed, keys)
	}
	if story, indexed, keys := published(t, s, itemID(t, s, story(1).CanonicalURL)); !story || !indexed || !keys {
		t.Errorf("matched item: story %v, indexed %v, keys %v; want all", story, indexed, keys)
	}
	for table, want := range map[string]int{"items": 2, "stories": 1, "story_docs": 1, "items_fts": 1} {
		if n := count(t, s, table); n != want {
			t.Errorf("%s rows = %d, want %d", table, n, want)
		}
	}
	if n := searchCount(t, s, "Mae Sot"); n != 0 {
		t.Errorf("search finds %d unmatched items", n)
	}
	var summary string
	if err := s.w.QueryRow(`SELECT summary FROM items WHERE canonical_url = ?1`, wireCopy(0).CanonicalURL).Scan(&summary); err != nil {
		t.Fatal(err)
	}
	if want := "Thai police rescued 23 women, including six minors,"; !strings.HasPrefix(summary, want) {
		t.Errorf("unmatched item's summary = %q, want its text without markup", summary)
	}
	// Found again by source and GUID, and by canonical URL from elsewhere.
	again := saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{unmatched(wireCopy(0))})
	other := saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{unmatched(wireCopy(0))})
	if again.Duplicate != 1 || other.Duplicate != 1 {
		t.Errorf("stored unmatched item seen again: %+v, %+v; want duplicates", again, other)
	}
}

// A re-match that makes a stored item match publishes it as if it had
// matched on arrival: it joins the story of its near-duplicate and is
// found by search. One that makes it match nothing takes it out of the
// search index, and a later match brings it back into the same story.
func TestRematchPromotesAndDemotes(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	clock.advance(time.Hour)
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{unmatched(wireCopy(1))}), tipwire.SaveStats{New: 1})
	second := itemID(t, s, wireCopy(1).CanonicalURL)

	if st := rematch(t, s, "trafficking"); st.Items != 2 || st.Changed != 1 || st.Matched != 2 {
		t.Errorf("rematch stats = %+v, want 2 items, 1 changed (the unmatched one), 2 matched", st)
	}
	items := allItems(t, s)
	if len(items) != 1 || len(items[0].Outlets) != 2 || items[0].Outlets[1].Reason != tipwire.MergeNearDuplicate {
		t.Fatalf("after the promotion: %+v, want one story with both outlets, the second a near-duplicate", items)
	}
	if story, indexed, keys := published(t, s, second); !story || !indexed || !keys {
		t.Errorf("promoted item: story %v, indexed %v, keys %v; want all", story, indexed, keys)
	}
	if n := searchCount(t, s, "Thailand"); n != 1 { // a word of the promoted copy only
		t.Errorf("search for the promoted item's word: %d stories, want 1", n)
	}

	rematch(t, s, "")
	if n := len(allItems(t, s)); n != 0 {
		t.Errorf("%d stories published after no item matches, want 0", n)
	}
	if n := count(t, s, "items_fts"); n != 0 {
		t.Errorf("search index keeps %d rows of unmatched items", n)
	}
	if n := count(t, s, "items"); n != 2 {
		t.Errorf("items = %d, want both still stored", n)
	}

	rematch(t, s, "trafficking")
	if items := allItems(t, s); len(items) != 1 || len(items[0].Outlets) != 2 || searchCount(t, s, "Thailand") != 1 {
		t.Errorf("matched again: %+v, want the same one story, searchable", items)
	}
	if _, err := s.w.Exec(`INSERT INTO items_fts (items_fts) VALUES ('integrity-check')`); err != nil {
		t.Errorf("search index integrity: %v", err)
	}
}

// A publisher's edit or another outlet's copy that matches publishes a
// stored unmatched item; an edit that matches nothing unpublishes it.
func TestSavePromotesAndDemotes(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{unmatched(story(1)), unmatched(story(2))})
	clock.advance(time.Hour)

	edited := story(1)
	edited.Title = "Trafficking ring 1 dismantled, 40 arrested"
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{edited}), tipwire.SaveStats{Updated: 1})
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{story(2)}), tipwire.SaveStats{Duplicate: 1})
	for _, n := range []int{1, 2} {
		if story, indexed, keys := published(t, s, itemID(t, s, story(n).CanonicalURL)); !story || !indexed || !keys {
			t.Errorf("story %d after a matching copy: story %v, indexed %v, keys %v; want all", n, story, indexed, keys)
		}
	}
	if n := len(allItems(t, s)); n != 2 || searchCount(t, s, "arrested") != 1 {
		t.Errorf("%d stories published, want 2 with the edit searchable", n)
	}

	edited.Title = "Ring 1: court date set"
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{unmatched(edited)}), tipwire.SaveStats{Updated: 1})
	if n := searchCount(t, s, "court"); n != 0 || count(t, s, "items_fts") != 1 {
		t.Errorf("edit that matches nothing: search finds %d, index has %d rows; want 0 and 1",
			n, count(t, s, "items_fts"))
	}
}

// Retention prunes the items in no story by their first-seen time, with
// tombstones, as it prunes stories.
func TestPruneUnpublished(t *testing.T) {
	s, clock := newStore(t)
	id := addSources(t, s, "https://outlet0.example/rss")[0]
	saveFetch(t, s, id, stateOK(), []tipwire.Item{unmatched(story(1))})
	clock.advance(100 * 24 * time.Hour)
	saveFetch(t, s, id, stateOK(), []tipwire.Item{unmatched(story(2))})
	if n := prune(t, s, clock.now().Add(-90*24*time.Hour)); n != 1 || count(t, s, "items") != 1 {
		t.Fatalf("pruned %d, %d items left; want the old one pruned", n, count(t, s, "items"))
	}
	wantStats(t, saveFetch(t, s, id, stateOK(), []tipwire.Item{story(1)}), tipwire.SaveStats{Duplicate: 1})
}

func TestPlainHTML(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":                   "plain words",
		"<p>Two\n <b>words</b></p>":     "Two words",
		"&lt;script&gt; &amp; <i>x</i>": "&lt;script&gt; &amp; x",
		`<a href="x">Tom's</a>`:         "Tom&#39;s",
		"":                              "",
	} {
		if got := plainHTML(in); got != want {
			t.Errorf("plainHTML(%q) = %q, want %q", in, got, want)
		}
	}
}
