package publish

import (
	"context"
	"errors"
	"net/http"
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
	rows := countElements(doc, "tr")
	if rows != 6 { // the header and five sources
		t.Errorf("%d table rows, want 6", rows)
	}
	for _, want := range []string{"Good &amp; Co", "2025-01-31 10:00", "2025-01-31 10:15", ">12<", "timeout",
		">gone<", ">inactive<", "4 polled of 5 stored; 1 failing, 1 gone"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "javascript:") {
		t.Error("publisher text or a script URL reached the page unescaped")
	}
}

func countElements(n *html.Node, tag string) int {
	c := 0
	if n.Type == html.ElementNode && n.Data == tag {
		c++
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c += countElements(ch, tag)
	}
	return c
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
