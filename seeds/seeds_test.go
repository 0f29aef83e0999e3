package seeds_test

import (
	"bytes"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/opml"
	"github.com/tipwire/tipwire/seeds"
)

const voaID = "voa-cambodia-watch-list-2015"

func TestArticles(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatalf("Articles: %v", err)
	}
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1", len(arts))
	}
	a := arts[0]
	want := seeds.Article{
		ID:        voaID,
		Title:     "Anti-Trafficking NGO ‘Disappointed,’ as Cambodia Remains on US Watch List",
		Outlet:    "Voice of America",
		Link:      "https://www.voacambodia.com/a/anti-trafficking-ngo-disappointed-as-cambodia-remains-on-us-watch-list/2933382.html",
		Language:  "en",
		Published: time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC),
	}
	got := a
	got.Body = ""
	if got != want {
		t.Errorf("metadata =\n%+v\nwant\n%+v", got, want)
	}
	if !a.Published.Equal(want.Published) {
		t.Errorf("Published = %v, want %v", a.Published, want.Published)
	}
}

func TestArticleBody(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatalf("Articles: %v", err)
	}
	body := arts[0].Body
	for _, boilerplate := range []string{"Accessibility links", "Breaking News", "file photo", arts[0].Title} {
		if strings.Contains(body, boilerplate) {
			t.Errorf("body contains %q", boilerplate)
		}
	}
	const first = "An international anti-trafficking NGO says Cambodia deserves credit for a “sea change”"
	if !strings.HasPrefix(body, first) {
		t.Errorf("body starts %q, want the first paragraph %q", body[:min(len(body), 90)], first)
	}
	const last = "to accept good positive progress,” she said."
	if !strings.HasSuffix(body, last) {
		t.Errorf("body does not end with the last paragraph %q", last)
	}
	// The original typo stays: the corpus is verbatim.
	if !strings.Contains(body, "anit-sex trafficking model") {
		t.Error("body lost the original wording")
	}
	if n := len(strings.Split(body, "\n\n")); n != 11 {
		t.Errorf("body has %d paragraphs, want 11", n)
	}
}

func TestItems(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	items, err := seeds.Items(now)
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	it := items[0]
	published := time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC)
	checks := []struct {
		name      string
		got, want any
	}{
		{"GUID", it.GUID, "seed:" + voaID},
		{"Outlet", it.Outlet, "Voice of America"},
		{"Title", it.Title, "Anti-Trafficking NGO ‘Disappointed,’ as Cambodia Remains on US Watch List"},
		{"Link", it.Link, "https://www.voacambodia.com/a/anti-trafficking-ngo-disappointed-as-cambodia-remains-on-us-watch-list/2933382.html"},
		{"Published", it.Published, published},
		{"Updated", it.Updated, published},
		{"Key", it.Key, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	const lead = "<p>An international anti-trafficking NGO says Cambodia deserves credit"
	if !strings.HasPrefix(it.Summary, lead) || strings.Count(it.Summary, "<p>") != 2 {
		t.Errorf("Summary = %q, want the first two paragraphs", it.Summary)
	}
	if !strings.HasPrefix(it.Content, it.Summary) || strings.Count(it.Content, "<p>") != 11 {
		t.Errorf("Content does not hold the 11 body paragraphs:\n%s", it.Content)
	}
	if strings.Contains(it.Content, "Breaking News") {
		t.Error("Content contains boilerplate")
	}
}

func TestSources(t *testing.T) {
	srcs, err := seeds.Sources()
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	if len(srcs) < 20 {
		t.Errorf("got %d seed sources, want at least 20", len(srcs))
	}
	seen := map[string]bool{}
	for i, s := range srcs {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("sources[%d] %q: not an absolute http(s) URL", i, s.URL)
		}
		if seen[s.URL] {
			t.Errorf("sources[%d] %q: duplicate", i, s.URL)
		}
		seen[s.URL] = true
		if s.Name == "" || s.Origin != tipwire.OriginSeeds || s.ID != 0 {
			t.Errorf("sources[%d] = %+v, want a name, origin %q and no ID", i, s, tipwire.OriginSeeds)
		}
	}
}

// TestSourceCategories keeps the seed list balanced: every kind of source the
// list promises is present.
func TestSourceCategories(t *testing.T) {
	data, err := os.ReadFile("sources.opml")
	if err != nil {
		t.Fatal(err)
	}
	outlines, err := opml.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Parse sources.opml: %v", err)
	}
	count := map[string]int{}
	for _, o := range outlines {
		count[o.Category]++
	}
	for _, cat := range []string{"wire", "investigative", "international", "southeast-asia", "un", "ngo", "search"} {
		if count[cat] == 0 {
			t.Errorf("no seed source in category %q", cat)
		}
	}
	if count[""] != 0 {
		t.Errorf("%d seed sources have no category", count[""])
	}
}
