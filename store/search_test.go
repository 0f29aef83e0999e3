package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func TestMatchExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"scam compound", `"scam" "compound"`},
		{`"forced labour" cambodia`, `"forced labour" "cambodia"`},
		{"traffick*", `"traffick"*`},
		{`"scam cent"*`, `"scam cent"*`},
		{"AND OR NOT NEAR(a b)", `"AND" "OR" "NOT" "NEAR(a" "b)"`},
		{`title:scam`, `"title:scam"`},
		{`say "hi`, `"say" "hi"`},
		{`a"b`, `"ab"`},
		{`" * - ( )`, ``},
		{"", ""},
		{"a\x00b\x1b", `"a" "b"`},
		{"bad\xffutf8", `"badutf8"`},
		{"a b c d e f g h i j k l m n o p q r s", `"a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := matchExpr(tt.in); got != tt.want {
				t.Errorf("matchExpr(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// searchFixture stores three stories with distinct words; numbers are
// their story numbers.
func searchFixture(t *testing.T) (*Store, int64) {
	s, _ := newStore(t)
	id := addSources(t, s, "https://a.example/rss")[0]
	items := stories(1, 4)
	items[0].Title, items[0].Summary = "Scam compound raided in Sihanoukville", "<p>Hundreds freed.</p>"
	items[1].Title, items[1].Summary = "Forced labour on fishing boats", "<p>Crews held at sea.</p>"
	items[2].Title, items[2].Summary = "Traité des êtres humains : un réseau démantelé", ""
	items[2].Content = "<p>Le parquet de Lyon a ouvert une enquête.</p>"
	items[1].Matches = append(items[1].Matches, tipwire.Match{Topic: "fishing", Terms: []string{"boats"}})
	saveFetch(t, s, id, stateOK(), items)
	return s, id
}

func search(t *testing.T, s *Store, q tipwire.ItemQuery) []int {
	t.Helper()
	items, err := s.Items(context.Background(), q)
	if err != nil {
		t.Fatalf("Items(%+v): %v", q, err)
	}
	var got []int
	for _, it := range items {
		var n int
		if _, err := fmt.Sscanf(it.GUID, "guid-%d", &n); err != nil {
			t.Fatalf("item %q: %v", it.GUID, err)
		}
		got = append(got, n)
	}
	slices.Sort(got)
	return got
}

func TestItemsSearch(t *testing.T) {
	s, _ := searchFixture(t)
	tests := []struct {
		name string
		q    tipwire.ItemQuery
		want []int
	}{
		{"word in title, any case", tipwire.ItemQuery{Query: "SIHANOUKVILLE"}, []int{1}},
		{"word in summary", tipwire.ItemQuery{Query: "crews"}, []int{2}},
		{"word in content", tipwire.ItemQuery{Query: "parquet"}, []int{3}},
		{"diacritics folded", tipwire.ItemQuery{Query: "traite etres"}, []int{3}},
		{"all words required", tipwire.ItemQuery{Query: "boats sihanoukville"}, nil},
		{"phrase", tipwire.ItemQuery{Query: `"fishing boats"`}, []int{2}},
		{"phrase out of order", tipwire.ItemQuery{Query: `"boats fishing"`}, nil},
		{"prefix", tipwire.ItemQuery{Query: "sihanouk*"}, []int{1}},
		{"shared word", tipwire.ItemQuery{Query: "victims"}, nil},
		{"operators are words", tipwire.ItemQuery{Query: "scam OR boats"}, nil},
		{"only punctuation matches nothing", tipwire.ItemQuery{Query: `" ( *`}, nil},
		{"with topic", tipwire.ItemQuery{Query: "boats", Topic: "fishing"}, []int{2}},
		{"topic excludes", tipwire.ItemQuery{Query: "scam", Topic: "fishing"}, nil},
		{"no query", tipwire.ItemQuery{}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := search(t, s, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("got stories %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSearchIndexFollowsEdits(t *testing.T) {
	s, id := searchFixture(t)
	edited := story(2)
	edited.Title, edited.Summary = "Forced labour on trawlers", "<p>Crews held at sea.</p>"
	edited.Updated = t0.Add(time.Hour)
	if st := saveFetch(t, s, id, stateOK(), []tipwire.Item{edited}); st.Updated != 1 {
		t.Fatalf("the edit was not stored as an update: %+v", st)
	}
	if got := search(t, s, tipwire.ItemQuery{Query: "trawlers"}); !slices.Equal(got, []int{2}) {
		t.Errorf("new word finds %v", got)
	}
	if got := search(t, s, tipwire.ItemQuery{Query: "boats"}); got != nil {
		t.Errorf("old word still finds %v", got)
	}
	// rank 1 makes the check compare the index with the items table too.
	if _, err := s.w.Exec(`INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("fts index out of step with items: %v", err)
	}
}

// The save path indexes a batch's new items at the end of the batch (migration
// 0008); an edit of an item inserted earlier in the same batch must find it
// indexed, or the index would delete text it never held.
func TestSearchIndexEditInSameBatch(t *testing.T) {
	s, _ := newStore(t)
	id := addSources(t, s, "https://news.example/rss")[0]
	first, edited := story(1), story(1)
	edited.Title = "Forced labour on trawlers"
	if st := saveFetch(t, s, id, stateOK(), []tipwire.Item{first, story(2), edited}); st.New != 2 || st.Updated != 1 {
		t.Fatalf("stats = %+v, want 2 new and 1 update", st)
	}
	if got := search(t, s, tipwire.ItemQuery{Query: "trawlers"}); !slices.Equal(got, []int{1}) {
		t.Errorf("edited title finds %v, want story 1", got)
	}
	if got := search(t, s, tipwire.ItemQuery{Query: "dismantled"}); !slices.Equal(got, []int{2}) {
		t.Errorf("old title finds %v, want only story 2", got)
	}
	if _, err := s.w.Exec(`INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("fts index out of step with items: %v", err)
	}
}

// The chart counts stories by publication day: a story found a day later
// counts on the day it was published, an undated one or one dated in the
// future on the day it was first seen.
func TestMatchesPerDay(t *testing.T) {
	s, clock := newStore(t)
	id := addSources(t, s, "https://a.example/rss")[0]
	saveFetch(t, s, id, stateOK(), stories(1, 3)) // two published on day 0
	clock.advance(24 * time.Hour)
	late := story(3) // published on day 0, found on day 1
	undated, future := story(4), story(5)
	undated.Published, future.Published = time.Time{}, clock.now().Add(48*time.Hour)
	unmatched := story(9)
	unmatched.Matches = nil
	saveFetch(t, s, id, stateOK(), []tipwire.Item{late, undated, future, unmatched})

	day0 := t0.Truncate(24 * time.Hour)
	got, err := s.MatchesPerDay(context.Background(), day0)
	if err != nil {
		t.Fatal(err)
	}
	want := []tipwire.DayCount{{Topic: "trafficking", Day: day0, Count: 3}, {Topic: "trafficking", Day: day0.Add(24 * time.Hour), Count: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if later, _ := s.MatchesPerDay(context.Background(), day0.Add(24*time.Hour)); len(later) != 1 || later[0].Count != 2 {
		t.Errorf("since day 1: %v", later)
	}
}

func TestSizeAndBackup(t *testing.T) {
	s, _ := searchFixture(t)
	ctx := context.Background()
	if n, err := s.Size(ctx); err != nil || n < 4096 {
		t.Errorf("Size = %d, %v", n, err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second backup to the same file: %v, want fs.ErrExist", err)
	}
	copied, _ := openAt(t, path)
	if got := search(t, copied, tipwire.ItemQuery{}); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("backup holds stories %v", got)
	}
	if got := search(t, copied, tipwire.ItemQuery{Query: "parquet"}); !slices.Equal(got, []int{3}) {
		t.Errorf("backup search finds %v", got)
	}
}

// FuzzSearch checks that no typed query makes the FTS5 MATCH fail: whatever
// the input, a search answers, possibly with nothing.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{"scam", `"forced labour"`, "traffick*", `"`, "NEAR(a b)", "a:b", "-x", "^y", "*", "a OR", "{a b}", "\x00", "é*"} {
		f.Add(seed)
	}
	s, _ := newStore(f)
	id := addSources(f, s, "https://a.example/rss")[0]
	saveFetch(f, s, id, stateOK(), stories(1, 3))
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Items(context.Background(), tipwire.ItemQuery{Query: q}); err != nil {
			t.Fatalf("search %q (match %q): %v", q, matchExpr(q), err)
		}
	})
}
