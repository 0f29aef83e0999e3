package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func newTestHandler(t *testing.T, items []tipwire.Item) (*Handler, *fakeLister) {
	t.Helper()
	lister := &fakeLister{items: items}
	return NewHandler(lister, testOptions(), nil), lister
}

// do sends one request through h and returns the recorded response.
func do(h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		path        string
		status      int
		contentType string
		query       *tipwire.ItemQuery // what the lister must have been asked
		contains    string
	}{
		{"/feed.atom", 200, "application/atom+xml; charset=utf-8", &tipwire.ItemQuery{Limit: 100}, tipwire.ItemID(keyRescue)},
		{"/feed.rss", 200, "application/rss+xml; charset=utf-8", &tipwire.ItemQuery{Limit: 100}, tipwire.ItemID(keyRescue)},
		{"/feed.json", 200, "application/feed+json; charset=utf-8", &tipwire.ItemQuery{Limit: 100}, tipwire.ItemID(keyRescue)},
		{"/topics/trafficking.atom", 200, "application/atom+xml; charset=utf-8", &tipwire.ItemQuery{Topic: "trafficking", Limit: 100}, "/topics/trafficking.atom"},
		{"/topics/cambodia.rss", 200, "application/rss+xml; charset=utf-8", &tipwire.ItemQuery{Topic: "cambodia", Limit: 100}, "/topics/cambodia.rss"},
		{"/topics/cambodia.json", 200, "application/feed+json; charset=utf-8", &tipwire.ItemQuery{Topic: "cambodia", Limit: 100}, "/topics/cambodia.json"},
		{"/", 200, "text/html; charset=utf-8", &tipwire.ItemQuery{Limit: DefaultPageSize + 1}, "Rescued workers return home"},
		{"/?q=scam+compounds&page=2", 200, "text/html; charset=utf-8", &tipwire.ItemQuery{Query: "scam compounds", Limit: DefaultPageSize + 1, Offset: DefaultPageSize}, "Search: scam compounds"},
		{"/topics/trafficking", 200, "text/html; charset=utf-8", &tipwire.ItemQuery{Topic: "trafficking", Limit: DefaultPageSize + 1}, "<h1>Human trafficking news</h1>"},
		{"/topics/cambodia?q=scam", 200, "text/html; charset=utf-8", &tipwire.ItemQuery{Topic: "cambodia", Query: "scam", Limit: DefaultPageSize + 1}, "Search: scam in Cambodia"},
		{"/feed.atom?q=%22scam+compounds%22", 200, "application/atom+xml; charset=utf-8", &tipwire.ItemQuery{Query: `"scam compounds"`, Limit: 100}, "/feed.atom?q=%22scam+compounds%22"},
		{"/topics/cambodia.json?q=scam", 200, "application/feed+json; charset=utf-8", &tipwire.ItemQuery{Topic: "cambodia", Query: "scam", Limit: 100}, "search: scam"},
		{"/favicon.ico", 200, "image/svg+xml", nil, "<svg"},
		{"/readyz", 200, "text/plain; charset=utf-8", nil, "ok"},
		{"/?page=0", 400, "", nil, "page must be"},
		{"/?page=x", 400, "", nil, "page must be"},
		{"/feed.atom?q=" + strings.Repeat("a", 201), 400, "", nil, "at most 200"},
		{"/metrics", 404, "", nil, ""},
		{"/static/style.css", 200, "text/css; charset=utf-8", nil, "body"},
		{"/healthz", 200, "text/plain; charset=utf-8", nil, "ok"},
		{"/topics/unknown.atom", 404, "", nil, ""},
		{"/topics/trafficking.xml", 404, "", nil, ""},
		{"/topics/.atom", 404, "", nil, ""},
		{"/topics/trafficking.atom/x", 404, "", nil, ""},
		{"/feed.xml", 404, "", nil, ""},
		{"/index.html", 404, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h, lister := newTestHandler(t, testItems())
			w := do(h, http.MethodGet, tt.path, nil)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body: %s", w.Code, tt.status, w.Body)
			}
			if tt.contentType != "" && w.Header().Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", w.Header().Get("Content-Type"), tt.contentType)
			}
			if !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if tt.query != nil && lister.lastQuery() != *tt.query {
				t.Errorf("lister asked %+v, want %+v", lister.lastQuery(), *tt.query)
			}
			if tt.status >= 400 && len(lister.queries) != 0 {
				t.Errorf("a 404 still queried the store: %+v", lister.queries)
			}
		})
	}
}

func TestTopicFeedHasOnlyTopicItems(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	var doc jsonDocIn
	if err := json.Unmarshal(do(h, "GET", "/topics/cambodia.json", nil).Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) != 1 || doc.Items[0].ID != tipwire.ItemID(keyScam) {
		t.Errorf("cambodia feed items = %+v", doc.Items)
	}
	if !strings.HasSuffix(doc.Title, "Cambodia") {
		t.Errorf("topic feed title = %q", doc.Title)
	}
}

func TestFeedsOverHTTPParse(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	var atom atomDoc
	if err := xml.Unmarshal(do(h, "GET", "/feed.atom", nil).Body.Bytes(), &atom); err != nil || len(atom.Entries) != 2 {
		t.Errorf("atom: %v, %d entries", err, len(atom.Entries))
	}
	var rss rssDocIn
	if err := xml.Unmarshal(do(h, "GET", "/feed.rss", nil).Body.Bytes(), &rss); err != nil || len(rss.Channel.Items) != 2 {
		t.Errorf("rss: %v, %d items", err, len(rss.Channel.Items))
	}
	var jf jsonDocIn
	if err := json.Unmarshal(do(h, "GET", "/feed.json", nil).Body.Bytes(), &jf); err != nil || len(jf.Items) != 2 {
		t.Errorf("json: %v, %d items", err, len(jf.Items))
	}
	for i, key := range []string{keyScam, keyRescue} {
		id := tipwire.ItemID(key)
		if atom.Entries[i].ID != id || rss.Channel.Items[i].Guid.ID != id || jf.Items[i].ID != id {
			t.Errorf("item %d: ids differ across formats or from tipwire.ItemID: %s", i, id)
		}
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	failing := NewHandler(&fakeLister{err: errors.New("boom")}, testOptions(), nil)
	h, _ := newTestHandler(t, testItems())
	cases := []struct {
		name string
		h    http.Handler
		path string
	}{
		{"index", h, "/"}, {"feed", h, "/feed.atom"}, {"topic", h, "/topics/cambodia.json"},
		{"health", h, "/healthz"}, {"css", h, "/static/style.css"}, {"404", h, "/nope"},
		{"500", failing, "/feed.rss"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hd := do(c.h, "GET", c.path, nil).Header()
			if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" ||
				!strings.Contains(hd.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("headers = %v", hd)
			}
		})
	}
}

func TestConditionalGET(t *testing.T) {
	for _, path := range []string{"/feed.atom", "/feed.rss", "/feed.json", "/topics/trafficking.atom", "/"} {
		t.Run(path, func(t *testing.T) {
			h, _ := newTestHandler(t, testItems())
			first := do(h, "GET", path, nil)
			etag, lm := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
			if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
				t.Fatalf("ETag = %q, want a strong quoted tag", etag)
			}
			if lm != "Fri, 10 Jan 2025 11:15:00 GMT" {
				t.Errorf("Last-Modified = %q", lm)
			}
			older := at("2025-01-10T10:15:00Z").Format(http.TimeFormat)
			tests := []struct {
				name   string
				method string
				header map[string]string
				status int
			}{
				{"same etag", "GET", map[string]string{"If-None-Match": etag}, 304},
				{"weak form", "GET", map[string]string{"If-None-Match": "W/" + etag}, 304},
				{"in a list", "GET", map[string]string{"If-None-Match": `"nope", W/"other",` + etag}, 304},
				{"star", "GET", map[string]string{"If-None-Match": "*"}, 304},
				{"head", "HEAD", map[string]string{"If-None-Match": etag}, 304},
				{"other etag", "GET", map[string]string{"If-None-Match": `"other"`}, 200},
				{"not modified since", "GET", map[string]string{"If-Modified-Since": lm}, 304},
				{"modified since", "GET", map[string]string{"If-Modified-Since": older}, 200},
				{"etag wins over date", "GET", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}, 200},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					w := do(h, tt.method, path, tt.header)
					if w.Code != tt.status {
						t.Fatalf("status = %d, want %d", w.Code, tt.status)
					}
					if w.Header().Get("ETag") != etag {
						t.Errorf("ETag = %q, want %q", w.Header().Get("ETag"), etag)
					}
					if tt.status == 304 && w.Body.Len() != 0 {
						t.Errorf("304 with a body of %d bytes", w.Body.Len())
					}
					// A 304 describes no content (RFC 9110 §15.4.5), but tells
					// caches how to keep the one they have.
					if tt.status == 304 && (w.Header().Get("Content-Type") != "" || w.Header().Get("Content-Length") != "" ||
						w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("Vary") != "Accept-Encoding") {
						t.Errorf("304 headers: %v", w.Header())
					}
					if tt.status == 200 && !bytes.Equal(w.Body.Bytes(), first.Body.Bytes()) {
						t.Error("200 body differs from the first response")
					}
				})
			}
		})
	}
}

func TestETagFollowsContent(t *testing.T) {
	h, lister := newTestHandler(t, testItems())
	a := do(h, "GET", "/feed.atom", nil).Header().Get("ETag")
	if b := do(h, "GET", "/feed.atom", nil).Header().Get("ETag"); a != b {
		t.Errorf("ETag changed without a change: %s then %s", a, b)
	}
	lister.items = testItems()[1:]
	if c := do(h, "GET", "/feed.atom", nil).Header().Get("ETag"); c != a {
		t.Error("the cached feed changed before Invalidate")
	}
	h.Invalidate()
	if c := do(h, "GET", "/feed.atom", nil).Header().Get("ETag"); c == a {
		t.Error("ETag unchanged after the items changed")
	}
	lister.items = nil
	h.Invalidate()
	empty := do(h, "GET", "/feed.atom", nil)
	if empty.Code != 200 || empty.Header().Get("Last-Modified") != "" {
		t.Errorf("empty feed: status %d, Last-Modified %q", empty.Code, empty.Header().Get("Last-Modified"))
	}
	if again := do(h, "GET", "/feed.atom", nil).Header().Get("ETag"); again != empty.Header().Get("ETag") {
		t.Error("empty feed ETag is not stable")
	}
}

func TestLastModifiedNeverInTheFuture(t *testing.T) {
	opts := testOptions()
	opts.Now = func() time.Time { return at("2025-01-10T10:30:00Z") } // before the newest outlet
	h := NewHandler(&fakeLister{items: testItems()}, opts, nil)
	if lm := do(h, "GET", "/feed.atom", nil).Header().Get("Last-Modified"); lm != "Fri, 10 Jan 2025 10:30:00 GMT" {
		t.Errorf("Last-Modified = %q, want the clock's time", lm)
	}
}

func TestListerErrorIs500AndLoggedOnce(t *testing.T) {
	for _, path := range []string{"/feed.atom", "/topics/cambodia.json", "/"} {
		t.Run(path, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&logs, nil))
			h := NewHandler(&fakeLister{err: errors.New("database is locked: secret path /var/db")}, testOptions(), logger)
			w := do(h, "GET", path, nil)
			if w.Code != 500 || strings.Contains(w.Body.String(), "database") {
				t.Errorf("status %d body %q: want a generic 500", w.Code, w.Body)
			}
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			if len(lines) != 1 {
				t.Fatalf("logged %d records, want 1: %s", len(lines), logs.String())
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
				t.Fatal(err)
			}
			if rec["level"] != "ERROR" || rec["route"] == "" || !strings.Contains(rec["error"].(string), "database is locked") {
				t.Errorf("log record = %v", rec)
			}
		})
	}
}

func TestHealthzAndReadyz(t *testing.T) {
	down := func(context.Context) error { return errors.New("ping store: disk I/O error") }
	tests := []struct {
		name, path string
		ready      func(context.Context) error
		method     string
		status     int
		body       string
	}{
		{"no probe", "/readyz", nil, "GET", 200, "ok\n"},
		{"ready", "/readyz", func(context.Context) error { return nil }, "GET", 200, "ok\n"},
		{"head", "/readyz", nil, "HEAD", 200, ""},
		{"not ready", "/readyz", down, "GET", 503, "not ready: ping store: disk I/O error\n"},
		{"not ready head", "/readyz", down, "HEAD", 503, ""},
		{"live while not ready", "/healthz", down, "GET", 200, "ok\n"},
		{"live head", "/healthz", down, "HEAD", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.Ready = tt.ready
			h := NewHandler(&fakeLister{}, opts, nil)
			srv := httptest.NewServer(h) // a real server, so HEAD bodies are really dropped
			defer srv.Close()
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q", resp.Header.Get("Cache-Control"))
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	if w := do(h, "POST", "/feed.atom", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /feed.atom = %d", w.Code)
	}
}

func TestNewServerSetsLimits(t *testing.T) {
	s := NewServer("127.0.0.1:0", http.NotFoundHandler())
	if s.Addr != "127.0.0.1:0" || s.Handler == nil || s.ReadHeaderTimeout <= 0 || s.ReadTimeout <= 0 ||
		s.WriteTimeout <= 0 || s.IdleTimeout <= 0 || s.MaxHeaderBytes <= 0 {
		t.Errorf("server = %+v", s)
	}
}

// Whole bodies are written directly; ranges and date preconditions still
// go through http.ServeContent. Both must agree on what they send.
func TestServeWholeAndRanges(t *testing.T) {
	h, _ := newTestHandler(t, testItems())
	full := do(h, "GET", "/feed.atom", nil)
	body := full.Body.Bytes()
	lm := full.Header().Get("Last-Modified")
	tests := []struct {
		name   string
		method string
		header map[string]string
		status int
		want   []byte // nil: no body
		length string
	}{
		{"whole", "GET", nil, 200, body, strconv.Itoa(len(body))},
		{"head", "HEAD", nil, 200, nil, strconv.Itoa(len(body))},
		{"range", "GET", map[string]string{"Range": "bytes=0-9"}, 206, body[:10], "10"},
		{"suffix range", "GET", map[string]string{"Range": "bytes=-5"}, 206, body[len(body)-5:], "5"},
		{"failed If-Match", "GET", map[string]string{"If-Match": `"other"`}, 412, nil, ""},
		{"unmodified since", "GET", map[string]string{"If-Unmodified-Since": lm}, 200, body, strconv.Itoa(len(body))},
		{"other etag and a date", "GET", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}, 200, body, strconv.Itoa(len(body))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(h, tt.method, "/feed.atom", tt.header)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			if tt.want != nil && !bytes.Equal(w.Body.Bytes(), tt.want) {
				t.Errorf("body = %d bytes %.20q, want %d bytes %.20q", w.Body.Len(), w.Body.Bytes(), len(tt.want), tt.want)
			}
			if tt.want == nil && w.Body.Len() != 0 {
				t.Errorf("body of %d bytes, want none", w.Body.Len())
			}
			if tt.length != "" && w.Header().Get("Content-Length") != tt.length {
				t.Errorf("Content-Length = %q, want %q", w.Header().Get("Content-Length"), tt.length)
			}
			if tt.status == 200 && (w.Header().Get("Last-Modified") != lm || w.Header().Get("Accept-Ranges") != "bytes" ||
				w.Header().Get("Content-Type") != full.Header().Get("Content-Type")) {
				t.Errorf("headers %v, want those of the first response %v", w.Header(), full.Header())
			}
		})
	}
}
