package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// Stories are listed by the day they were first seen, newest first, and
// within a day by publication date: an old report found today sits below
// today's news; tomorrow's finds go above both.
func TestItemsOrderByDayThenPublication(t *testing.T) {
	s, clock := newStore(t)
	id := addSources(t, s, "https://a.example/rss")[0]
	clock.t = time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	today := story(1)
	today.Published = clock.t.Add(-time.Hour)
	saveFetch(t, s, id, stateOK(), []tipwire.Item{today})
	clock.advance(2 * time.Hour)
	old := story(2)
	old.Published = time.Date(2009, 3, 1, 0, 0, 0, 0, time.UTC)
	undated := story(3)
	undated.Published = time.Time{}
	saveFetch(t, s, id, stateOK(), []tipwire.Item{old, undated})
	clock.advance(24 * time.Hour)
	tomorrow := story(4)
	tomorrow.Published = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	saveFetch(t, s, id, stateOK(), []tipwire.Item{tomorrow})

	var got []string
	for _, it := range allItems(t, s) {
		got = append(got, it.Title)
	}
	want := []string{tomorrow.Title, undated.Title, today.Title, old.Title}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
	page, err := s.Items(context.Background(), tipwire.ItemQuery{Since: clock.t.Add(-time.Hour)})
	if err != nil || len(page) != 1 || page[0].Title != tomorrow.Title {
		t.Errorf("since the last save: %d items, %v; want the last story", len(page), err)
	}
}

// The list of stories walks index stories_day_order: no sort of every
// matching story, whatever the filters.
func TestItemsWalkTheStoryIndex(t *testing.T) {
	s, _ := newStore(t)
	for _, q := range []tipwire.ItemQuery{{}, {Topic: "trafficking"}, {Tag: "KH"}, {Since: t0}} {
		rows, err := s.r.Query("EXPLAIN QUERY PLAN "+itemsSQL(q), "", 0, 10, 0, "", "", 0)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var a, b, c int
			var detail string
			if err := rows.Scan(&a, &b, &c, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "\n")
		if !strings.Contains(joined, "stories_day_order") || strings.Contains(joined, "TEMP B-TREE FOR ORDER BY") {
			t.Errorf("query %+v does not walk stories_day_order:\n%s", q, joined)
		}
	}
}
