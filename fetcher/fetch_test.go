package fetcher

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Wire &amp; Co</title><link>https://news.example/</link>
<item><title>Police rescue 40 victims of &lt;b&gt;trafficking&lt;/b&gt;</title>
<link>https://news.example/world/rescue?utm_source=rss</link>
<guid isPermaLink="false">wire-1</guid>
<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p onclick="x()">Raid in <a href="/manila">Manila</a><script>alert(1)</script></p>]]></description>
<author>desk@news.example (Jane Roe)</author>
<category>Asia</category><category> Asia </category><category>Crime</category>
</item>
<item><title>Relative link</title><link>/world/relative</link><guid>wire-2</guid></item>
<item><title>Script link</title><link>javascript:alert(document.cookie)</link><guid>wire-3</guid></item>
</channel></rss>`

const atom1 = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title type="text">Atom Wire</title><link rel="alternate" href="https://atom.example/"/><id>urn:x</id>
<updated>2024-05-02T09:00:00Z</updated>
<entry><title type="html">Scam centre &lt;em&gt;raided&lt;/em&gt;</title>
<link rel="alternate" href="https://atom.example/a/1"/><id>urn:x:1</id>
<published>2024-05-02T08:00:00+02:00</published><updated>2024-05-02T09:00:00Z</updated>
<author><name>Ann Lee</name></author>
<content type="html">&lt;p&gt;Body &lt;img src="https://atom.example/i.png" onerror="x()"&gt;&lt;/p&gt;</content>
</entry></feed>`

const jsonFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"JSON Wire",
"home_page_url":"https://json.example/","items":[
{"id":"j1","url":"https://json.example/j1","title":"Forced labour case","content_html":"<p>Text</p>",
"date_published":"2024-05-03T10:00:00Z","authors":[{"name":"Kim"}],"tags":["labour"]}]}`

// newTestFetcher returns a Fetcher that may reach httptest servers.
func newTestFetcher(t *testing.T, opts Options) *Fetcher {
	t.Helper()
	opts.AllowPrivateNetworks = true
	f := New(opts, slog.New(slog.DiscardHandler))
	t.Cleanup(f.Close)
	return f
}

// serve starts a server answering every request with body and contentType.
func serve(t *testing.T, contentType, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchFormats(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		feedTitle, feedLink     string
		first                   itemWant
	}{
		{"rss 2.0", "application/rss+xml", rss2, "Wire & Co", "https://news.example/", itemWant{
			guid: "wire-1", link: "https://news.example/world/rescue?utm_source=rss",
			canonical: "https://news.example/world/rescue", title: "Police rescue 40 victims of trafficking",
			summary: `<p>Raid in <a href="https://news.example/manila" rel="nofollow noopener noreferrer">Manila</a></p>`,
			author:  "Jane Roe", categories: "Asia|Crime", published: "2024-05-01T10:00:00Z",
		}},
		{"atom", "application/atom+xml", atom1, "Atom Wire", "https://atom.example/", itemWant{
			guid: "urn:x:1", link: "https://atom.example/a/1", canonical: "https://atom.example/a/1",
			title: "Scam centre raided", content: `<p>Body <img src="https://atom.example/i.png"></p>`,
			author: "Ann Lee", published: "2024-05-02T06:00:00Z", updated: "2024-05-02T09:00:00Z",
		}},
		{"json feed", "application/feed+json", jsonFeed, "JSON Wire", "https://json.example/", itemWant{
			guid: "j1", link: "https://json.example/j1", canonical: "https://json.example/j1",
			title: "Forced labour case", content: "<p>Text</p>", author: "Kim", categories: "labour",
			published: "2024-05-03T10:00:00Z",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.contentType, tt.body)
			res, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.StatusCode != 200 || res.NotModified {
				t.Errorf("status %d, not modified %v", res.StatusCode, res.NotModified)
			}
			if res.FeedTitle != tt.feedTitle || res.FeedLink != tt.feedLink {
				t.Errorf("feed %q %q, want %q %q", res.FeedTitle, res.FeedLink, tt.feedTitle, tt.feedLink)
			}
			if len(res.Items) == 0 {
				t.Fatal("no items")
			}
			tt.first.check(t, res.Items[0])
		})
	}
}

func TestFetchLinks(t *testing.T) {
	srv := serve(t, "application/rss+xml", rss2)
	res, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	for _, it := range res.Items {
		links[it.GUID] = it.Link
	}
	if got := links["wire-2"]; got != "https://news.example/world/relative" {
		t.Errorf("relative link resolved to %q", got)
	}
	if got, ok := links["wire-3"]; !ok || got != "" {
		t.Errorf("javascript: link gave %q (item kept: %v), want the item with no link", got, ok)
	}
}

func TestFetchSendsHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, rss2)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{})
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL, ETag: `"v1"`, LastModified: "Wed, 01 May 2024 10:00:00 GMT"}); err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"User-Agent":        "tipwire/",
		"Accept":            "application/rss+xml",
		"Accept-Encoding":   "gzip",
		"If-None-Match":     `"v1"`,
		"If-Modified-Since": "Wed, 01 May 2024 10:00:00 GMT",
	}
	for h, want := range checks {
		if !strings.Contains(got.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, got.Get(h), want)
		}
	}
}

// TestFetchConditional runs the 304 flow: the validators of a 200 are
// returned, sent back, and a 304 keeps or replaces them.
func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `"abc"`, "Wed, 01 May 2024 10:00:00 GMT"
	var newETag atomic.Value
	newETag.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			if v := newETag.Load().(string); v != "" {
				w.Header().Set("ETag", v)
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		io.WriteString(w, rss2)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{})
	ctx := context.Background()

	first, err := f.Fetch(ctx, Request{URL: srv.URL})
	if err != nil || first.ETag != etag || first.LastModified != lastMod || len(first.Items) == 0 {
		t.Fatalf("first fetch: %v, etag %q, last-modified %q, %d items", err, first.ETag, first.LastModified, len(first.Items))
	}
	second, err := f.Fetch(ctx, Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil || !second.NotModified || second.StatusCode != 304 || len(second.Items) != 0 {
		t.Fatalf("second fetch: %v, %+v", err, second)
	}
	if second.ETag != etag || second.LastModified != lastMod {
		t.Errorf("304 validators %q %q, want the ones sent", second.ETag, second.LastModified)
	}
	newETag.Store(`"def"`)
	third, err := f.Fetch(ctx, Request{URL: srv.URL, ETag: etag})
	if err != nil || !third.NotModified || third.ETag != `"def"` {
		t.Errorf("304 with a new ETag: %v, etag %q", err, third.ETag)
	}
	// Only Last-Modified stored: still conditional.
	fourth, err := f.Fetch(ctx, Request{URL: srv.URL, LastModified: lastMod})
	if err != nil || !fourth.NotModified || fourth.LastModified != lastMod {
		t.Errorf("304 on Last-Modified: %v, %+v", err, fourth)
	}
}

func TestFetch304WithoutValidators(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	_, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL})
	if CategoryOf(err) != CategoryHTTPStatus {
		t.Errorf("got %v (%s), want an http_status error", err, CategoryOf(err))
	}
}

func TestFetchGzip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("request did not accept gzip")
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		io.WriteString(gz, atom1)
		gz.Close()
	}))
	defer srv.Close()
	res, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || len(res.Items) != 1 || res.Items[0].GUID != "urn:x:1" {
		t.Fatalf("gzip fetch: %v, %+v", err, res)
	}
}

func TestFetchTooLarge(t *testing.T) {
	body := strings.Replace(rss2, "<channel>", "<channel><!--"+strings.Repeat("x", 4096)+"-->", 1)
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"content-length", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }},
		{"chunked", func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush() // no Content-Length: the read must stop at the cap
			io.WriteString(w, body)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := newTestFetcher(t, Options{MaxBody: 2048}).Fetch(context.Background(), Request{URL: srv.URL})
			if CategoryOf(err) != CategoryTooLarge {
				t.Errorf("got %v, want too_large", err)
			}
		})
	}
}

func TestFetchBadBodies(t *testing.T) {
	hostileHTML, err := os.ReadFile("testdata/hostile/html-not-a-feed.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, contentType, body string
		want                    Category
	}{
		{"empty", "application/rss+xml", "", CategoryEmpty},
		{"whitespace", "application/rss+xml", " \r\n\t ", CategoryEmpty},
		{"comment only", "text/xml", "<?xml version=\"1.0\"?><!-- nothing -->", CategoryEmpty},
		{"html page", "text/html", string(hostileHTML), CategoryHTML},
		{"xhtml with doctype", "text/html", `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd"><html><body>x</body></html>`, CategoryHTML},
		{"plain text", "text/plain", "Service temporarily unavailable", CategoryNotFeed},
		{"other xml", "text/xml", `<?xml version="1.0"?><note><to>x</to></note>`, CategoryNotFeed},
		{"other json", "application/json", `{"error":"not found"}`, CategoryNotFeed},
		{"invalid json", "application/json", `{"version": "https://jsonfeed.org/version/1", items: }`, CategoryParse},
		{"truncated rss", "application/rss+xml", rss2[:len(rss2)/2], CategoryParse},
		{"null items", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","items":[null]}`, CategoryPanic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.contentType, tt.body)
			res, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
			if got := CategoryOf(err); got != tt.want {
				t.Fatalf("category %q (%v), want %q", got, err, tt.want)
			}
			if len(res.Items) != 0 {
				t.Errorf("failed fetch returned %d items", len(res.Items))
			}
			if !strings.Contains(err.Error(), srv.URL+"/feed") {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestFetchHTTPStatus(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		headers    map[string]string
		want       Category
		retryAfter time.Duration
	}{
		{"not found", 404, nil, CategoryHTTPStatus, 0},
		{"gone", 410, nil, CategoryGone, 0},
		{"server error", 500, nil, CategoryHTTPStatus, 0},
		{"rate limited seconds", 429, map[string]string{"Retry-After": "120"}, CategoryHTTPStatus, 120 * time.Second},
		{"unavailable http date", 503, map[string]string{
			"Retry-After": "Wed, 01 May 2024 10:05:00 GMT", "Date": "Wed, 01 May 2024 09:00:00 GMT"},
			CategoryHTTPStatus, 65 * time.Minute},
		// Without Date the injected clock (10:00) is the reference.
		{"unavailable http date no Date", 503, map[string]string{
			"Retry-After": "Wed, 01 May 2024 10:05:00 GMT", "Date": ""}, CategoryHTTPStatus, 5 * time.Minute},
		{"retry-after in the past", 503, map[string]string{
			"Retry-After": "Wed, 01 May 2024 09:05:00 GMT", "Date": ""}, CategoryHTTPStatus, 0},
		{"garbage retry-after", 429, map[string]string{"Retry-After": "soon"}, CategoryHTTPStatus, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header()[k] = []string{v}
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, rss2) // a body on an error status is ignored
			}))
			defer srv.Close()
			f := newTestFetcher(t, Options{Now: func() time.Time { return now }})
			res, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			var fe *Error
			if !errors.As(err, &fe) || fe.Category != tt.want || fe.Status != tt.status {
				t.Fatalf("got %v, want %s %d", err, tt.want, tt.status)
			}
			if fe.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.retryAfter)
			}
			if res.StatusCode != tt.status || len(res.Items) != 0 {
				t.Errorf("result %+v", res)
			}
		})
	}
}

// TestFetchTimeouts uses handlers that block until the client gives up, so
// nothing sleeps: each case ends when its timeout fires.
func TestFetchTimeouts(t *testing.T) {
	block := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	dripThenBlock := func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<rss><channel>")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	tests := []struct {
		name    string
		opts    Options
		ctx     time.Duration
		handler http.HandlerFunc
		want    Category
	}{
		{"overall timeout before headers", Options{Timeout: 100 * time.Millisecond}, 0, block, CategoryTimeout},
		{"header timeout", Options{HeaderTimeout: 100 * time.Millisecond}, 0, block, CategoryTimeout},
		{"overall timeout mid-body", Options{Timeout: 100 * time.Millisecond}, 0, dripThenBlock, CategoryTimeout},
		{"caller deadline", Options{}, 100 * time.Millisecond, block, CategoryTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			_, err := newTestFetcher(t, tt.opts).Fetch(ctx, Request{URL: srv.URL})
			if CategoryOf(err) != tt.want {
				t.Errorf("got %v (%s), want %s", err, CategoryOf(err), tt.want)
			}
		})
	}
}

func TestFetchCanceled(t *testing.T) {
	started := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := newTestFetcher(t, Options{}).Fetch(ctx, Request{URL: srv.URL})
	if CategoryOf(err) != CategoryCanceled {
		t.Errorf("got %v (%s), want canceled", err, CategoryOf(err))
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	redirect := func(code int, to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) }
	}
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, rss2) })
	mux.HandleFunc("/moved", redirect(301, "/moved2"))
	mux.HandleFunc("/moved2", redirect(308, "/feed"))
	mux.HandleFunc("/temp", redirect(302, "/feed"))
	mux.HandleFunc("/mixed", redirect(301, "/temp"))
	mux.HandleFunc("/js", redirect(302, "javascript:alert(1)"))
	mux.HandleFunc("/loop", redirect(302, "/loop"))
	for i := range 6 {
		mux.HandleFunc(fmt.Sprintf("/chain%d", i), redirect(302, fmt.Sprintf("/chain%d", i+1)))
	}
	mux.HandleFunc("/chain6", redirect(302, "/feed"))

	tests := []struct {
		path, movedTo string
		want          Category
	}{
		{"/moved", srv.URL + "/feed", ""},
		{"/temp", "", ""},
		{"/mixed", srv.URL + "/temp", ""},
		{"/chain2", "", ""}, // 5 redirects: allowed
		{"/chain0", "", CategoryRedirect},
		{"/loop", "", CategoryRedirect},
		{"/js", "", CategoryRedirect},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := f.Fetch(context.Background(), Request{URL: srv.URL + tt.path})
			if CategoryOf(err) != tt.want {
				t.Fatalf("got %v, want category %q", err, tt.want)
			}
			if res.MovedTo != tt.movedTo {
				t.Errorf("MovedTo = %q, want %q", res.MovedTo, tt.movedTo)
			}
		})
	}
}

// TestFetchGuard checks that with the default options a loopback server is
// never contacted, however its address is spelled.
func TestFetchGuard(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, rss2)
	}))
	defer srv.Close()
	port := fmt.Sprintf(":%d", srv.Listener.Addr().(*net.TCPAddr).Port)
	f := New(Options{}, nil)
	defer f.Close()
	for _, u := range []string{
		srv.URL,
		"http://localhost" + port,
		"http://[::ffff:127.0.0.1]" + port,
	} {
		_, err := f.Fetch(context.Background(), Request{URL: u})
		if got := CategoryOf(err); got != CategoryBlocked {
			t.Errorf("%s: got %v (%s), want blocked", u, err, got)
		}
		// The operator reads this in logs and on /sources: it must name
		// the key that lifts the guard, once, under its full path.
		if msg := fmt.Sprint(err); !strings.Contains(msg, "fetch.allow_private_networks: true") ||
			strings.Count(msg, "dial") != 1 {
			t.Errorf("%s: error %q should name fetch.allow_private_networks once and dial once", u, msg)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestFetchInvalidURL(t *testing.T) {
	f := newTestFetcher(t, Options{})
	for _, u := range []string{"", "feed.xml", "ftp://example.com/feed", "javascript:alert(1)", "http://%zz/"} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); CategoryOf(err) != CategoryInvalidURL {
			t.Errorf("%q: got %v, want invalid_url", u, err)
		}
	}
}

// TestFetchConcurrent shares one Fetcher between goroutines (run with -race).
func TestFetchConcurrent(t *testing.T) {
	srv := serve(t, "application/rss+xml", rss2)
	f := newTestFetcher(t, Options{MaxParses: 2})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			res, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if err != nil || len(res.Items) != 3 {
				t.Errorf("concurrent fetch: %v, %d items", err, len(res.Items))
			}
		})
	}
	wg.Wait()
}

// countingSlot records a fetch's claims on its body slot.
type countingSlot struct {
	mu       sync.Mutex
	held     int
	acquires int
	refuse   error
	released chan struct{} // receives on every Release, when not nil
}

func (c *countingSlot) Acquire(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refuse != nil {
		return c.refuse
	}
	c.held++
	c.acquires++
	return nil
}

func (c *countingSlot) Release() {
	c.mu.Lock()
	c.held--
	c.mu.Unlock()
	if c.released != nil {
		c.released <- struct{}{}
	}
}

func (c *countingSlot) counts() (held, acquires int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held, c.acquires
}

// A fetch takes its body slot once per downloaded body, never for a 304,
// and returns holding it; a refused slot ends the fetch. Fetches reuse body
// buffers, so a second fetch must not see the first one's bytes.
func TestBodySlot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"e"`)
		if r.Header.Get("If-None-Match") == `"e"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		if r.URL.Path == "/atom" {
			io.WriteString(w, atom1)
			return
		}
		io.WriteString(w, rss2)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{})
	ctx := context.Background()

	slot := &countingSlot{}
	res, err := f.Fetch(ctx, Request{URL: srv.URL + "/rss", BodySlot: slot})
	if held, n := slot.counts(); err != nil || len(res.Items) != 3 || held != 1 || n != 1 {
		t.Fatalf("fetch: %d items, err %v, slot held %d after %d acquires; want 3 items, held 1 after 1", len(res.Items), err, held, n)
	}
	slot = &countingSlot{}
	res, err = f.Fetch(ctx, Request{URL: srv.URL + "/atom", BodySlot: slot})
	if held, _ := slot.counts(); err != nil || len(res.Items) != 1 || res.FeedTitle != "Atom Wire" || held != 1 {
		t.Fatalf("second fetch: %d items %q, err %v, slot held %d", len(res.Items), res.FeedTitle, err, held)
	}
	slot = &countingSlot{}
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/rss", ETag: `"e"`, BodySlot: slot}); err != nil {
		t.Fatal(err)
	}
	if _, n := slot.counts(); n != 0 {
		t.Fatalf("304: %d acquires, want none", n)
	}
	_, err = f.Fetch(ctx, Request{URL: srv.URL + "/rss", BodySlot: &countingSlot{refuse: context.Canceled}})
	if CategoryOf(err) != CategoryCanceled {
		t.Fatalf("refused slot: err %v (category %q), want %q", err, CategoryOf(err), CategoryCanceled)
	}
}

// A body slow to arrive gives its slot back while it arrives and takes it
// again once complete, so a slow host does not hold the bound.
func TestBodySlotSlowBody(t *testing.T) {
	rest := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		half := len(rss2) / 2
		io.WriteString(w, rss2[:half])
		w.(http.Flusher).Flush()
		<-rest
		io.WriteString(w, rss2[half:])
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{SlowBody: time.Millisecond})
	slot := &countingSlot{released: make(chan struct{}, 1)}
	type fetched struct {
		res Result
		err error
	}
	done := make(chan fetched)
	go func() {
		res, err := f.Fetch(context.Background(), Request{URL: srv.URL, BodySlot: slot})
		done <- fetched{res, err}
	}()
	<-slot.released
	if held, _ := slot.counts(); held != 0 {
		t.Errorf("slot held %d while the body is still arriving, want 0", held)
	}
	close(rest)
	got := <-done
	if held, n := slot.counts(); got.err != nil || len(got.res.Items) != 3 || held != 1 || n != 2 {
		t.Fatalf("slow fetch: %d items, err %v, slot held %d after %d acquires; want 3 items, held 1 after 2",
			len(got.res.Items), got.err, held, n)
	}
}
