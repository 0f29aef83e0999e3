package publish

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/opml"
)

type fakeSourceLister struct {
	stats []tipwire.SourceStats
	err   error
}

func (f fakeSourceLister) SourceStats(context.Context) ([]tipwire.SourceStats, error) {
	return f.stats, f.err
}

const hostileName = `<script>alert("x")</script>`

func testSourceStats() []tipwire.SourceStats {
	ok := time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC)
	return []tipwire.SourceStats{
		{Source: tipwire.Source{ID: 1, URL: "https://ok.example/feed.xml", Name: "Good & Co", Origin: tipwire.OriginConfig,
			State: tipwire.FetchState{LastSuccessAt: ok, NextCheckAt: ok.Add(15 * time.Minute)}}, Polled: true, Items: 12, Matches: 3},
		{Source: tipwire.Source{ID: 2, URL: "https://down.example/rss", Name: hostileName, Origin: tipwire.OriginCLI,
			State: tipwire.FetchState{ConsecutiveErrors: 3, ErrorCategory: "timeout", LastError: "fetch: " + hostileName}}, Polled: true},
		{Source: tipwire.Source{ID: 3, URL: "https://gone.example/atom", Origin: tipwire.OriginSeeds, Status: tipwire.StatusGone}, Polled: true},
		{Source: tipwire.Source{ID: 4, URL: "https://old.example/feed", Origin: tipwire.OriginConfig}, Items: 5},
		{Source: tipwire.Source{ID: 5, URL: "javascript:alert(1)", Origin: tipwire.OriginCLI}, Polled: true},
	}
}

func sourcesHandler(l SourceLister) http.Handler {
	opts := testOptions()
	opts.SourceList = l
	return NewHandler(&fakeLister{}, opts, nil)
}

func TestSourcesPage(t *testing.T) {
	w := do(sourcesHandler(fakeSourceLister{stats: testSourceStats()}), "GET", "/sources", nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /sources: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if n := countElements(doc, "li", "source"); n != 5 {
		t.Errorf("%d sources listed, want 5", n)
	}
	if n := countElements(doc, "table", ""); n != 0 {
		t.Errorf("%d tables: a table cannot fit a phone", n)
	}
	for _, want := range []string{
		"Good &amp; Co", `<time datetime="2025-01-31T10:00:00Z" title="2025-01-31 10:00 UTC">14 h ago</time>`,
		"overdue by 13 h", "Items: 12", `<span class="status failing">failing: timeout</span>`,
		"Errors in a row: 3", `<details class="error"><summary>Last error</summary><p>fetch: &lt;script&gt;`,
		`<span class="status gone">gone (410)</span>`, `<span class="status inactive">not polled</span>`,
		`<span class="status pending">not checked yet</span>`,
		`4 polled: <span class="health-ok">1 ok</span>, <span class="health-failing">1 failing</span>, <span class="health-gone">1 gone</span>, 1 not checked yet; 1 stored but not polled.`,
		`<a href="/sources" aria-current="page">Sources</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Failing first, then gone, not yet checked, ok, not polled.
	order := []string{`"status failing"`, `"status gone"`, `"status pending"`, `"status ok"`, `"status inactive"`}
	for i := 1; i < len(order); i++ {
		if strings.Index(body, order[i-1]) > strings.Index(body, order[i]) {
			t.Errorf("%q listed after %q", order[i-1], order[i])
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "javascript:") {
		t.Error("publisher text or a script URL reached the page unescaped")
	}
}

// countElements counts the elements named tag whose class attribute
// contains class ("" for any).
func countElements(n *html.Node, tag, class string) int {
	c := 0
	if n.Type == html.ElementNode && n.Data == tag && (class == "" || hasClass(n, class)) {
		c++
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c += countElements(ch, tag, class)
	}
	return c
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}
func TestSourcesOPML(t *testing.T) {
	w := do(sourcesHandler(fakeSourceLister{stats: testSourceStats()}), "GET", "/sources.opml", nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "opml") {
		t.Fatalf("GET /sources.opml: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	outlines, err := opml.Parse(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, o := range outlines {
		urls = append(urls, o.XMLURL)
	}
	want := "https://ok.example/feed.xml https://down.example/rss https://gone.example/atom"
	if strings.Join(urls, " ") != want {
		t.Errorf("OPML feeds %v, want the polled http(s) ones: %s", urls, want)
	}
}

func TestSourcesRoutesWithoutListerOrOnError(t *testing.T) {
	for _, path := range []string{"/sources", "/sources.opml"} {
		if w := do(sourcesHandler(nil), "GET", path, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s without a lister: %d, want 404", path, w.Code)
		}
		w := do(sourcesHandler(fakeSourceLister{err: errors.New("db down")}), "GET", path, nil)
		if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "db down") {
			t.Errorf("%s on a store error: %d %q", path, w.Code, w.Body)
		}
	}
}
