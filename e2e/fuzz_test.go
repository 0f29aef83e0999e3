package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/publish"
)

// FuzzParseRender drives any document through parse, normalise and
// sanitise (fetcher.Parse) and then render (publish.Render, every format):
// parsing either fails with a known category or yields items whose every
// rendering is well-formed and free of executable constructs and unsafe
// URLs. Seeds: the small hostile inputs, the XSS matrix and testdata/fuzz.
func FuzzParseRender(f *testing.F) {
	for _, c := range []string{"xml-entities", "malformed", "encoding", "semantics", "gofeed-issues"} {
		files, _ := filepath.Glob(filepath.Join("testdata/hostile", c, "*"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 16<<10 {
				f.Add(b)
			}
		}
	}
	for i, p := range xssMarkup[:8] {
		f.Add([]byte(xssFeed(i, p)))
	}
	f.Add([]byte(xmlBaseFeed))
	f.Add([]byte(controlFeed))
	fr := fetcher.New(fetcher.Options{}, quietLogger())
	defer fr.Close()
	f.Fuzz(func(t *testing.T, doc []byte) {
		res, err := fr.Parse(context.Background(), bytes.NewReader(doc), "https://feed.example/rss", time.Unix(1790000000, 0))
		if err != nil {
			if c := fetcher.CategoryOf(err); c == fetcher.CategoryUnknown || c == fetcher.CategoryPanic {
				t.Fatalf("parse failed with category %q: %v", c, err)
			}
			return
		}
		renderSafe(t, res)
	})
}

// renderSafe renders a parse result in every format and fails on any
// unsafe or ill-formed output.
func renderSafe(t *testing.T, res fetcher.Result) {
	items := res.Items
	for i := range items {
		items[i].Key = fmt.Sprintf("%032x", i+1)
		items[i].Outlets = []tipwire.Outlet{{Name: res.FeedTitle, Link: items[i].Link}}
		items[i].Matches = []tipwire.Match{{Topic: "fuzz", Terms: []string{"x"}}}
	}
	meta := publish.FeedMeta{Title: res.FeedTitle, SelfURL: "http://t.test/feed", SiteURL: "http://t.test/", ID: "http://t.test/"}
	for _, format := range []string{publish.FormatAtom, publish.FormatRSS, publish.FormatJSON} {
		var buf bytes.Buffer
		if err := publish.Render(&buf, format, meta, items); err != nil {
			t.Fatalf("render %s: %v", format, err)
		}
		if p := outputProblems("x."+format, buf.Bytes()); len(p) > 0 {
			t.Fatalf("%s output: %v\n%s", format, p, buf.Bytes())
		}
	}
}
