package publish

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRenderCacheRendersOncePerChange(t *testing.T) {
	for _, path := range []string{"/feed.atom", "/topics/cambodia.rss", "/", "/topics/trafficking?q=x&page=2"} {
		t.Run(path, func(t *testing.T) {
			clk := &clock{at("2025-02-01T00:00:00Z")}
			opts := testOptions()
			opts.Now, opts.CacheTTL = clk.now, time.Minute
			lister := &fakeLister{items: testItems()}
			h := NewHandler(lister, opts, nil)
			steps := []struct {
				name    string
				before  func()
				queries int // store queries so far
			}{
				{"first request renders", func() {}, 1},
				{"second is served from memory", func() {}, 1},
				{"invalidate renders again", h.Invalidate, 2},
				{"then memory again", func() {}, 2},
				{"ttl expiry renders again", func() { clk.t = clk.t.Add(time.Minute) }, 3},
			}
			for _, s := range steps {
				s.before()
				if w := do(h, "GET", path, nil); w.Code != 200 {
					t.Fatalf("%s: status %d", s.name, w.Code)
				}
				if got := len(lister.queries); got != s.queries {
					t.Errorf("%s: %d store queries, want %d", s.name, got, s.queries)
				}
			}
		})
	}
}

func TestNoCacheRendersEveryRequest(t *testing.T) {
	opts := testOptions()
	opts.Cache = false
	lister := &fakeLister{items: testItems()}
	h := NewHandler(lister, opts, nil)
	for range 3 {
		do(h, "GET", "/feed.atom", map[string]string{"Accept-Encoding": "gzip"})
	}
	if len(lister.queries) != 3 {
		t.Errorf("%d store queries for 3 requests, want 3", len(lister.queries))
	}
}

func TestCacheKeysSeparateQueries(t *testing.T) {
	h, lister := newTestHandler(t, testItems())
	for _, p := range []string{"/feed.atom", "/feed.atom?q=a", "/feed.atom?q=b", "/feed.rss", "/", "/?q=a", "/?page=2"} {
		do(h, "GET", p, nil)
		do(h, "GET", p, nil)
	}
	if len(lister.queries) != 7 {
		t.Errorf("%d store queries for 7 distinct lists, want 7", len(lister.queries))
	}
}

func TestGzipVariant(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	plain := do(h, "GET", "/feed.atom", nil)
	gz := do(h, "GET", "/feed.atom", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if plain.Header().Get("Content-Encoding") != "" || gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding: plain %q, gzip %q", plain.Header().Get("Content-Encoding"), gz.Header().Get("Content-Encoding"))
	}
	for _, w := range []http.Header{plain.Header(), gz.Header()} {
		if w.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Vary = %q", w.Get("Vary"))
		}
	}
	if gz.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip body %d bytes, plain %d", gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("gunzipped body differs from the plain one")
	}
	etag := gz.Header().Get("ETag")
	if etag == plain.Header().Get("ETag") {
		t.Error("both encodings share one strong ETag")
	}
	if w := do(h, "GET", "/feed.atom", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag}); w.Code != 304 {
		t.Errorf("conditional gzip request: %d, want 304", w.Code)
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false}, {"gzip", true}, {"GZIP", true}, {"deflate, gzip", true}, {"gzip;q=0", false},
		{"gzip; q=0.5", true}, {"*", true}, {"br", false}, {"gzip;q=0.000", false}, {"identity", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("Accept-Encoding", tt.header)
			}
			if got := acceptsGzip(h); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v", tt.header, got)
			}
		})
	}
}
