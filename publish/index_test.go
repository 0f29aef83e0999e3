package publish

import (
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

func TestIndexShowsItems(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	body := do(h, "GET", "/", nil).Body.String()
	for _, want := range []string{
		`<a href="https://news.example.org/asia/cambodia-scam?id=1" rel="noopener noreferrer">Thousands held in Cambodian scam compounds, UN says</a>`,
		`<a href="https://mekong.example.com/story/42" rel="noopener noreferrer">Mekong Daily</a>`,
		`Example Wire`,
		`seed corpus`,
		`Published <time datetime="2025-01-10T01:00:00Z">10 Jan 2025</time> · score`,
		`<a class="story" href="/stories/0123456789abcdef0123456789abcdef">Story page</a>`,
		`Matched <a href="/topics/cambodia">Cambodia</a> on <span class="term">Cambodia</span> (score 1.00)`,
		// Why it matched, as the filters explained it, escaped.
		`(score 1.00)<br><small class="why">score 1.00 ≥ threshold 1: &#34;Cambodia&#34; (title) &#43;1.00, &lt;seed&gt; &#43;0.00</small>`,
		`<span class="term">human trafficking</span>, <span class="term">forced labour</span>`,
		`Thousands of people are held in scam compounds &amp; forced to defraud strangers.`,
		`<link rel="alternate" type="application/atom+xml" title="tipwire: human trafficking news (Atom)" href="/feed.atom">`,
		`<link rel="alternate" type="application/rss+xml"`,
		`<link rel="alternate" type="application/feed+json"`,
		`<link rel="alternate" type="application/atom+xml" title="Cambodia (Atom)" href="/topics/cambodia.atom">`,
		`<link rel="stylesheet" href="/static/style.css">`,
		`<a href="/topics/trafficking.rss" type="application/rss+xml">RSS</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("index lacks %s", want)
		}
	}
	// The seed item has no link: its title is shown, not linked.
	if !strings.Contains(body, "<h3>Rescued workers return home</h3>") {
		t.Error("unlinked title not shown as text")
	}
	if strings.Contains(body, "<b>") || strings.Contains(body, "<p>Thousands") {
		t.Error("publisher markup reached the page")
	}
}

func TestIndexEscapesHostileItems(t *testing.T) {
	h, _ := newTestHandler(t, append(testItems(), hostileItem()))
	w := do(h, "GET", "/", nil)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	for _, bad := range []string{"<script", "javascript:", "onerror", "<img", "alert(2)", "\x00", "\x1b"} {
		if strings.Contains(body, bad) {
			t.Errorf("index contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `<a href="https://fine.example.net/a?x=1&amp;y=%3c2%3e" rel="noopener noreferrer">Fine outlet</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("index lacks %s", want)
		}
	}
}

func TestIndexEmpty(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	w := do(h, "GET", "/", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "No stories yet") {
		t.Errorf("empty index: %d %s", w.Code, w.Body)
	}
}

func TestPlainExcerpt(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "Just text.", 100, "Just text."},
		{"tags and entities", "<p>One &amp; <b>two</b></p><p>three&nbsp;four</p>", 100, "One & two three four"},
		{"script and style dropped", "a<script>alert(1)</script><style>p{}</style>b", 100, "a b"},
		{"broken markup", "<p>open <a href='x", 100, "open"},
		{"control chars", "a\x00b\x1bc", 100, "abc"},
		{"truncated at a word", "alpha beta gamma delta epsilon", 18, "alpha beta gamma…"},
		{"truncated mid-word", "abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij…"},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainExcerpt(tt.in, tt.max); got != tt.want {
				t.Errorf("plainExcerpt(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a?b=c#d", "https://example.org/a?b=c#d"},
		{" HTTP://Example.org/x ", "http://Example.org/x"},
		{"javascript:alert(1)", ""},
		{"data:text/html,hi", ""},
		{"//example.org/relative", ""},
		{"/path/only", ""},
		{"ftp://example.org/file", ""},
		{"https://exa mple.org/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := safeURL(tt.in); got != tt.want {
				t.Errorf("safeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"nul\x00esc\x1bdel\x7f", "nulescdel\x7f"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"nonchar\uFFFEend", "nonchar" + "end"},
		{"emoji 🙂", "emoji 🙂"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIndexItemFallbacks(t *testing.T) {
	h := &handler{opts: testOptions().withDefaults()}
	v := h.newIndexItem(&tipwire.Item{
		Key:     keyScam,
		Outlets: []tipwire.Outlet{{Link: "https://only-link.example/x"}},
		Matches: []tipwire.Match{{Topic: "retired-topic", Terms: []string{"x"}}},
	})
	if v.Title != "(untitled)" || v.Link != "https://only-link.example/x" || v.Outlets[0].Name != "only-link.example" {
		t.Errorf("fallbacks: %+v", v)
	}
	if v.Matches[0].Page != "" || v.Matches[0].Title != "retired-topic" {
		t.Errorf("unknown topic must not be linked: %+v", v.Matches[0])
	}
}
