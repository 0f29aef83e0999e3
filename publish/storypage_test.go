package publish

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// fakeStories finds stories among items by their key or, as the store
// does, by the key of a member (members maps it to the story's key).
type fakeStories struct {
	items   []tipwire.Item
	members map[string]string
	err     error
}

func (f fakeStories) Story(_ context.Context, key string) (tipwire.Item, bool, error) {
	if f.err != nil {
		return tipwire.Item{}, false, f.err
	}
	if k, ok := f.members[key]; ok {
		key = k
	}
	for _, it := range f.items {
		if it.Key == key {
			return it, true, nil
		}
	}
	return tipwire.Item{}, false, nil
}

func storyHandler(s StoryReader) http.Handler {
	opts := taggedOptions()
	opts.Stories = s
	return NewHandler(&fakeLister{}, opts, nil)
}

func TestStoryPage(t *testing.T) {
	items := taggedItems()
	items[0].Outlets[1].Reason, items[0].Outlets[1].Similarity = tipwire.MergeNearDuplicate, 0.83
	h := storyHandler(fakeStories{items: items})
	w := do(h, http.MethodGet, "/stories/"+keyScam, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("GET story: %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`<h1><a href="https://news.example.org/asia/cambodia-scam?id=1" rel="noopener noreferrer">Thousands held in Cambodian scam compounds, UN says</a></h1>`,
		`<a href="https://mekong.example.com/story/42" rel="noopener noreferrer">Mekong Daily</a>`,
		`seen <time datetime="2025-01-10T11:15:00Z">10 Jan 2025 11:15</time>`,
		`first report`, `merged: near-duplicate, 83% similar`,
		`<a href="/topics/cambodia">Cambodia</a>: score 1.00 on <span class="term">Cambodia</span>`,
		`score 1.00 ≥ threshold 1`,
		`<a class="tag" href="/countries/KH">Cambodia</a>`, `<a class="tag" href="/tags/forced-criminality">Forced criminality</a>`,
		`<link rel="canonical" href="http://tipwire.test/stories/` + keyScam + `">`,
		`<a href="/topics">Topics</a>`, `<a href="/countries">Countries</a>`, `<a href="/sources">Sources</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %s", want)
		}
	}
}

func TestStoryRoutes(t *testing.T) {
	const member = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	stories := fakeStories{items: testItems(), members: map[string]string{member: keyScam}}
	tests := []struct {
		name, path string
		h          http.Handler
		code       int
		location   string
	}{
		{"story", "/stories/" + keyRescue, storyHandler(stories), http.StatusOK, ""},
		{"member key redirects to its story", "/stories/" + member, storyHandler(stories), http.StatusMovedPermanently, "/stories/" + keyScam},
		{"unknown key", "/stories/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", storyHandler(stories), http.StatusNotFound, ""},
		{"not a key", "/stories/..%2Fetc", storyHandler(stories), http.StatusNotFound, ""},
		{"upper-case key", "/stories/" + strings.ToUpper(keyScam), storyHandler(stories), http.StatusNotFound, ""},
		{"no reader", "/stories/" + keyScam, storyHandler(nil), http.StatusNotFound, ""},
		{"store error", "/stories/" + keyScam, storyHandler(fakeStories{err: errors.New("db down")}), http.StatusInternalServerError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(tt.h, http.MethodGet, tt.path, nil)
			if w.Code != tt.code || w.Header().Get("Location") != tt.location {
				t.Errorf("%s: %d Location %q, want %d %q", tt.path, w.Code, w.Header().Get("Location"), tt.code, tt.location)
			}
			if strings.Contains(w.Body.String(), "db down") {
				t.Error("the store's error reached the client")
			}
		})
	}
}

// TestEveryPageHasTheNavigation loads each HTML page and requires the same
// header: Latest, Topics, Countries, Sources and the search form.
func TestEveryPageHasTheNavigation(t *testing.T) {
	opts := taggedOptions()
	opts.Stories = fakeStories{items: taggedItems()}
	opts.SourceList = fakeSourceLister{stats: testSourceStats()}
	opts.Tags = fakeTagCounts{{Tag: "labour", Stories: 2}, {Tag: "KH", Stories: 1}}
	h := NewHandler(&fakeLister{items: taggedItems()}, opts, nil)
	nav := []string{`>Latest</a>`, `<a href="/topics"`, `<a href="/countries"`, `<a href="/sources"`, `<form class="search"`}
	for _, path := range []string{"/", "/topics", "/topics/cambodia", "/countries", "/countries/KH", "/tags/labour", "/sources", "/stories/" + keyScam, "/?q=scam"} {
		w := do(h, http.MethodGet, path, nil)
		if w.Code != http.StatusOK {
			t.Errorf("%s: %d", path, w.Code)
			continue
		}
		for _, want := range nav {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
}

func TestTopicsAndTypePages(t *testing.T) {
	opts := taggedOptions()
	opts.Tags = fakeTagCounts{{Tag: "labour", Stories: 2}, {Tag: "KH", Stories: 1}}
	lister := &fakeLister{items: taggedItems()}
	h := NewHandler(lister, opts, nil)
	topics := do(h, http.MethodGet, "/topics", nil).Body.String()
	for _, want := range []string{`<a href="/topics/cambodia" class="topic">Cambodia</a>`, `<a href="/tags/labour">Labour exploitation</a>`} {
		if !strings.Contains(topics, want) {
			t.Errorf("/topics lacks %s", want)
		}
	}
	if strings.Contains(topics, `/tags/KH`) {
		t.Error("/topics lists a country as a type")
	}
	page := do(h, http.MethodGet, "/tags/labour", nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "<h1>Labour exploitation</h1>") || lister.lastQuery().Tag != "labour" {
		t.Errorf("/tags/labour: %d, last query %+v", page.Code, lister.lastQuery())
	}
	feed := do(h, http.MethodGet, "/tags/labour.atom", nil)
	if feed.Code != http.StatusOK || !strings.Contains(feed.Body.String(), "<title>tipwire: human trafficking news — Labour exploitation</title>") {
		t.Errorf("/tags/labour.atom: %d\n%s", feed.Code, feed.Body)
	}
	for _, bad := range []string{"/tags/KH", "/tags/Labour", "/tags/labour.exe", "/tags/-x"} {
		if w := do(h, http.MethodGet, bad, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, w.Code)
		}
	}
}

func TestDatesAndRelativeTimes(t *testing.T) {
	d := newDates(at("2015-07-27T00:00:00Z"), at("2026-12-04T10:00:00Z"))
	if !d.SeenLater || d.Published.Year() != 2015 {
		t.Errorf("old report found today: %+v, want both dates", d)
	}
	if d := newDates(at("2025-01-10T01:00:00Z"), at("2025-01-10T22:00:00Z")); d.SeenLater {
		t.Errorf("seen the day it was published: %+v, want one date", d)
	}
	if d := newDates(time.Time{}, at("2025-01-10T22:00:00Z")); d.SeenLater || d.Published.IsZero() {
		t.Errorf("no publication date: %+v, want first seen as the date", d)
	}
	now := at("2025-02-01T00:00:00Z")
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{-30 * time.Second, "just now"}, {-5 * time.Minute, "5 min ago"}, {-3 * time.Hour, "3 h ago"},
		{-72 * time.Hour, "3 days ago"}, {20 * time.Second, "in under a minute"}, {90 * time.Minute, "in 90 min"},
	} {
		if got := newRelTime(now.Add(tt.d), now).Text; got != tt.want {
			t.Errorf("%v from now: %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := newDueTime(now.Add(-3*time.Hour), now).Text; got != "overdue by 3 h" {
		t.Errorf("next check 3 h ago: %q", got)
	}
}

func TestStoryPageEscapesHostileText(t *testing.T) {
	bad := hostileItem()
	bad.Tags = []string{"<b>x</b>", "KH"}
	h := storyHandler(fakeStories{items: []tipwire.Item{bad}})
	w := do(h, http.MethodGet, "/stories/"+bad.Key, nil)
	body := w.Body.String()
	if w.Code != http.StatusOK || strings.Contains(body, "<script") || strings.Contains(body, "javascript:") || strings.Contains(body, "<b>x") {
		t.Errorf("hostile story page: %d\n%s", w.Code, body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile title is not shown escaped")
	}
}
