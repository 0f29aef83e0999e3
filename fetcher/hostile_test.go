package fetcher

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestParseHostile runs a few documents from the shared hostile corpus
// (testdata/hostile, see CASES.jsonl there) that the foundation must
// already survive; the full suite belongs to the hostile-world issue.
func TestParseHostile(t *testing.T) {
	tests := []struct {
		file  string
		items int
		check func(t *testing.T, res Result)
	}{
		{"xxe-file-etc-passwd.rss.xml", 1, func(t *testing.T, res Result) {
			if strings.Contains(res.Items[0].Title, "root:") {
				t.Errorf("external entity expanded: %q", res.Items[0].Title)
			}
		}},
		{"billion-laughs.rss.xml", 2, func(t *testing.T, res Result) {
			for _, it := range res.Items {
				if len(it.Title) > 100 {
					t.Errorf("entity expanded to %d bytes", len(it.Title))
				}
			}
		}},
		{"quadratic-blowup.rss.xml", 1, func(t *testing.T, res Result) {
			if n := len(res.Items[0].Summary); n > 200<<10 {
				t.Errorf("summary is %d bytes", n)
			}
		}},
		{"missing-and-unsafe-links.rss.xml", 10, func(t *testing.T, res Result) {
			want := map[string]string{
				"Relative link without xml:base":               "http://127.0.0.1/news/2024/05/relative.html",
				"Link with surrounding whitespace and newline": "http://127.0.0.1/news/ws.html",
				"javascript: link":                             "",
				"data: link":                                   "",
				"Obfuscated javascript: link":                  "",
				"Only a permalink guid":                        "http://127.0.0.1/news/guid-only.html",
				"Link with spaces inside":                      "http://127.0.0.1/news/a%20b%20c.html",
			}
			for _, it := range res.Items {
				if w, ok := want[it.Title]; ok && it.Link != w {
					t.Errorf("%q: link %q, want %q", it.Title, it.Link, w)
				}
			}
		}},
		{"illegal-control-characters.rss.xml", 3, func(t *testing.T, res Result) {
			if res.Items[0].Title != "Backspace inside title" {
				t.Errorf("title %q", res.Items[0].Title)
			}
		}},
		{"miniflux-utf8-incorrect-prolog.xml", 1, func(t *testing.T, res Result) {
			if res.FeedTitle != "테스트 피드" || res.Items[0].Title != "Café" {
				t.Errorf("feed %q, item %q", res.FeedTitle, res.Items[0].Title)
			}
		}},
		{"miniflux-windows-1252-incorrect-prolog.xml", 0, func(t *testing.T, res Result) {
			if res.FeedTitle != "Euro €" {
				t.Errorf("feed title %q", res.FeedTitle)
			}
		}},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/hostile/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res, err := parseString(t, f, string(body), "", testNow)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if len(res.Items) != tt.items {
				t.Fatalf("%d items, want %d", len(res.Items), tt.items)
			}
			for _, it := range res.Items {
				assertValidXML(t, it.Title, it.Link, it.GUID, it.Summary, it.Content)
			}
			tt.check(t, res)
		})
	}
}
