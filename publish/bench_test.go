package publish

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/tipwire/tipwire"
)

// benchItems returns n distinct matched items, like a full feed.
func benchItems(n int) []tipwire.Item {
	base := testItems()[0]
	items := make([]tipwire.Item, n)
	for i := range items {
		it := base
		it.Key = fmt.Sprintf("%032x", i)
		it.Title = fmt.Sprintf("%s (%d)", base.Title, i)
		items[i] = it
	}
	return items
}

// BenchmarkServeCached compares /feed.atom with 100 entries served from the
// render cache (plain, gzip, conditional) with rendering every request.
func BenchmarkServeCached(b *testing.B) {
	for _, c := range []struct {
		name    string
		noCache bool
		header  map[string]string
	}{
		{"cached", false, nil},
		{"cached-gzip", false, map[string]string{"Accept-Encoding": "gzip"}},
		{"cached-304", false, map[string]string{"If-None-Match": "ETAG"}},
		{"render-every-request", true, nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			opts := testOptions()
			opts.Cache = !c.noCache
			h := NewHandler(&fakeLister{items: benchItems(100)}, opts, nil)
			etag := do(h, "GET", "/feed.atom", nil).Header().Get("ETag")
			r := httptest.NewRequest("GET", "/feed.atom", nil)
			for k, v := range c.header {
				if v == "ETAG" {
					v = etag
				}
				r.Header.Set(k, v)
			}
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
