package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// FuzzRenderWellFormed feeds arbitrary text into every field an outlet
// controls and requires well-formed XML and valid JSON back.
func FuzzRenderWellFormed(f *testing.F) {
	f.Add("title", "<p>summary</p>", "Outlet", "term", "https://example.org/")
	f.Add("<script>]]>\x00", "]]><![CDATA[\x1b", "\xff\xfe", "\uFFFE", "javascript:alert(1)")
	f.Add("&amp;&#0;&#x1;", "<a href='&#0;'>x</a>", "A & B", "\"q\"", "https://x/?a=<b>&c=\"d\"")
	f.Fuzz(func(t *testing.T, title, summary, outlet, term, link string) {
		it := tipwire.Item{
			Key: keyScam, Title: title, Summary: summary, Author: outlet, Link: link,
			FirstSeen: time.Unix(1736500000, 0),
			Outlets:   []tipwire.Outlet{{Name: outlet, Link: link}},
			Matches:   []tipwire.Match{{Topic: term, Terms: []string{term}}},
		}
		for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
			var buf bytes.Buffer
			if err := Render(&buf, format, FeedMeta{Title: title, SiteURL: "http://t.test/"}, []tipwire.Item{it}); err != nil {
				t.Fatalf("Render(%s): %v", format, err)
			}
			if err := wellFormed(format, buf.Bytes()); err != nil {
				t.Fatalf("%s output: %v\n%s", format, err, buf.Bytes())
			}
		}
	})
}

func wellFormed(format string, doc []byte) error {
	if format == FormatJSON {
		if !json.Valid(doc) {
			return fmt.Errorf("invalid JSON")
		}
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// BenchmarkServeFeed measures rendering /feed.atom with 100 entries on every
// request, the baseline a render-once cache has to beat.
func BenchmarkServeFeed(b *testing.B) {
	items := make([]tipwire.Item, 100)
	for i := range items {
		it := testItems()[0]
		it.Key = fmt.Sprintf("%032x", i)
		items[i] = it
	}
	opts := testOptions()
	opts.Cache = false // BenchmarkServeCached measures the cache
	h := NewHandler(&fakeLister{items: items}, opts, nil)
	for _, path := range []string{"/feed.atom", "/feed.rss", "/feed.json", "/"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
				if w.Code != 200 {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
