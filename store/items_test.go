package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// itemsFixture stores, over three fetch passes a day apart:
//
//	pass 1 (t0):     story 1 (trafficking), story 2 (trafficking, cambodia), story 3 (no match)
//	pass 2 (t0+1d):  story 4 (cambodia), story 5 (trafficking); source B also carries story 1
//	pass 3 (t0+2d):  story 6 (trafficking)
//
// Stories list by the day first seen, then published: story n is n hours
// older than t0, so within a pass it sorts by n.
func itemsFixture(t *testing.T) (*Store, []int64) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss")
	with := func(n int, topics ...string) tipwire.Item {
		it := story(n)
		it.Matches = nil
		for _, tp := range topics {
			it.Matches = append(it.Matches, tipwire.Match{Topic: tp, Terms: []string{tp + " term"}, Score: float64(n)})
		}
		return it
	}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{with(1, "trafficking"), with(2, "trafficking", "cambodia"), with(3)})
	clock.advance(passGap)
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{with(4, "cambodia"), with(5, "trafficking")})
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{with(1, "trafficking")})
	clock.advance(passGap)
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{with(6, "trafficking")})
	return s, ids
}

// passGap separates the passes of itemsFixture.
const passGap = 24 * time.Hour

func TestItemsQuery(t *testing.T) {
	s, _ := itemsFixture(t)
	tests := []struct {
		name string
		q    tipwire.ItemQuery
		want []int // story numbers, in order
	}{
		{"all topics, newest first", tipwire.ItemQuery{}, []int{6, 4, 5, 1, 2}},
		{"one topic", tipwire.ItemQuery{Topic: "trafficking"}, []int{6, 5, 1, 2}},
		{"other topic", tipwire.ItemQuery{Topic: "cambodia"}, []int{4, 2}},
		{"unknown topic", tipwire.ItemQuery{Topic: "nope"}, nil},
		{"limit", tipwire.ItemQuery{Limit: 2}, []int{6, 4}},
		{"offset", tipwire.ItemQuery{Limit: 2, Offset: 2}, []int{5, 1}},
		{"past the end", tipwire.ItemQuery{Offset: 10}, nil},
		{"negative limit and offset", tipwire.ItemQuery{Limit: -1, Offset: -5}, []int{6, 4, 5, 1, 2}},
		{"since", tipwire.ItemQuery{Since: t0.Add(passGap)}, []int{6, 4, 5}},
		{"since and topic", tipwire.ItemQuery{Topic: "cambodia", Since: t0.Add(passGap)}, []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := s.Items(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, it := range items {
				got = append(got, storyNumber(t, it))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stories = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestItemsArePopulated(t *testing.T) {
	s, ids := itemsFixture(t)
	items, err := s.Items(context.Background(), tipwire.ItemQuery{Topic: "cambodia"})
	if err != nil {
		t.Fatal(err)
	}
	two := items[1]
	want := story(2)
	if two.Key != storedKey(itemKey("url:"+want.CanonicalURL), want.Published) || two.GUID != want.GUID || two.Link != want.Link ||
		two.CanonicalURL != want.CanonicalURL || two.Title != want.Title || two.Summary != want.Summary ||
		two.Author != want.Author || !reflect.DeepEqual(two.Categories, want.Categories) {
		t.Errorf("item = %+v, want the fields of %+v", two, want)
	}
	if !two.Published.Equal(want.Published) || !two.Updated.Equal(want.Published) || !two.FirstSeen.Equal(t0) {
		t.Errorf("times = %v %v %v, want published=updated=%v, first seen %v", two.Published, two.Updated, two.FirstSeen, want.Published, t0)
	}
	// All matches, not only the queried topic's, by topic name.
	wantMatches := []tipwire.Match{
		{Topic: "cambodia", Terms: []string{"cambodia term"}, Score: 2},
		{Topic: "trafficking", Terms: []string{"trafficking term"}, Score: 2},
	}
	if !reflect.DeepEqual(two.Matches, wantMatches) {
		t.Errorf("matches = %+v, want %+v", two.Matches, wantMatches)
	}

	all, err := s.Items(context.Background(), tipwire.ItemQuery{Topic: "trafficking"})
	if err != nil {
		t.Fatal(err)
	}
	one := all[2]
	assertOutlets(t, one.Outlets, []tipwire.Outlet{
		{SourceID: ids[0], Name: "outlet https://a.example/rss", Link: story(1).Link, SeenAt: t0},
		{SourceID: ids[1], Name: "outlet https://b.example/rss", Link: story(1).Link, SeenAt: t0.Add(passGap)},
	})
}

func TestItemsLimitIsCapped(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.SaveItems(context.Background(), stories(0, MaxLimit+5)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ limit, want int }{{0, DefaultLimit}, {MaxLimit + 1, MaxLimit}, {7, 7}} {
		items, err := s.Items(context.Background(), tipwire.ItemQuery{Limit: tt.limit})
		if err != nil || len(items) != tt.want {
			t.Errorf("Limit %d: %d items (err %v), want %d", tt.limit, len(items), err, tt.want)
		}
	}
}

// TestLookupsUseIndexes guards the dedup and listing queries against full
// table scans, which would make saving slow down as the database grows.
func TestLookupsUseIndexes(t *testing.T) {
	s, _ := newStore(t)
	texts := statementSQL()
	for id, args := range map[stmtID][]any{
		findByGUID:   {1, "g"},
		findByURL:    {"u"},
		findByHash:   {"h"},
		findByKey:    {"k"},
		updateOutlet: {1, 2, "f", "l"},
	} {
		plan := queryPlan(t, s, texts[id], args...)
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") {
				t.Errorf("statement %d scans a table: %v", id, plan)
			}
		}
	}
}

func queryPlan(t *testing.T, s *Store, query string, args ...any) []string {
	t.Helper()
	rows, err := s.w.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("explain %q: %v", query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

// storyNumber recovers n from a story(n) item's title.
func storyNumber(t *testing.T, it tipwire.Item) int {
	t.Helper()
	var n int
	for _, r := range strings.TrimPrefix(it.Title, "Trafficking ring ") {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
