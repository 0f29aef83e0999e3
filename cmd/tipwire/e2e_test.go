package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/publish"
)

// feedFarm serves fixed feed documents with an ETag and counts the
// conditional requests it answered with 304.
type feedFarm struct {
	mu        sync.Mutex
	docs      map[string]feedDoc
	notModded int
}

type feedDoc struct{ contentType, body string }

func (f *feedFarm) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	doc, ok := f.docs[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, len(doc.body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		f.notModded++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", doc.contentType)
	io.WriteString(w, doc.body)
}

// The three feeds share stories under different URLs: tracking parameters,
// http versus https, host case and fragments.
const e2eRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mekong Wire</title><link>https://mekong.example/</link><description>d</description>
<item><title>Police rescue 40 victims of human trafficking in Phnom Penh</title>
<link>https://news.example.org/2026/rescue-phnom-penh?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">mw-1</guid><pubDate>Thu, 26 Nov 2026 08:00:00 GMT</pubDate>
<description>Cambodian police freed 40 people held in a scam compound, a human trafficking case.</description></item>
<item><title>Fishermen describe forced labour at sea</title>
<link>https://news.example.org/2026/forced-labour-at-sea?fbclid=abc123</link>
<guid isPermaLink="false">mw-2</guid><pubDate>Thu, 26 Nov 2026 09:00:00 GMT</pubDate>
<description>Survivors of human trafficking on Thai fishing boats describe debt bondage.</description></item>
<item><title>Police seize cocaine in drug trafficking bust</title>
<link>https://news.example.org/2026/cocaine-bust</link>
<guid isPermaLink="false">mw-3</guid><pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate>
<description>Officers arrested three suspects for drug trafficking after seizing cocaine.</description></item>
</channel></rss>`

const e2eAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Asia Desk</title><id>urn:asia-desk</id>
<updated>2026-11-26T12:00:00Z</updated><link href="https://asiadesk.example/"/>
<entry><title>40 trafficking victims rescued in Phnom Penh raid</title><id>urn:ad:1</id>
<link href="http://news.example.org/2026/rescue-phnom-penh"/><updated>2026-11-26T08:30:00Z</updated>
<summary>Police in Cambodia rescued victims of human trafficking.</summary></entry>
<entry><title>Rush-hour traffic jam paralyses Bangkok</title><id>urn:ad:2</id>
<link href="https://asiadesk.example/traffic"/><updated>2026-11-26T09:30:00Z</updated>
<summary>A traffic jam and a road traffic accident slowed commuters.</summary></entry>
<entry><title>UN report counts record number of human trafficking victims</title><id>urn:ad:3</id>
<link href="https://un.example/report-2026"/><updated>2026-11-26T11:00:00Z</updated>
<summary>Sexual exploitation and forced labour remain the main forms of human trafficking.</summary></entry>
</feed>`

const e2eJSON = `{"version":"https://jsonfeed.org/version/1.1","title":"Gulf Monitor","home_page_url":"https://gulf.example/",
"items":[
 {"id":"gm-1","url":"https://NEWS.example.org/2026/rescue-phnom-penh#comments","title":"Cambodia: human trafficking victims freed","content_text":"Police freed 40 human trafficking victims.","date_published":"2026-11-26T08:45:00Z"},
 {"id":"gm-2","url":"https://news.example.org/2026/forced-labour-at-sea?utm_campaign=x","title":"Forced labour at sea","content_text":"Human trafficking and debt bondage on fishing boats.","date_published":"2026-11-26T09:15:00Z"}
]}`

type atomDoc struct {
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Content string `xml:"content"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

// newE2E wires the real store, fetcher, filters and daemon against a feed
// farm, with the shipped topics and no seeds.
func newE2E(t *testing.T, docs map[string]feedDoc, names ...string) (*app, *feedFarm, *httptest.Server) {
	t.Helper()
	farm := &feedFarm{docs: docs}
	srv := httptest.NewServer(farm)
	t.Cleanup(srv.Close)
	cfg, err := parseConfig(tipwire.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB = filepath.Join(t.TempDir(), "tipwire.db")
	cfg.Seeds = false
	cfg.Fetch.AllowPrivateNetworks = true // the farm is on loopback
	cfg.Log.Level = "error"
	paths := slices.Sorted(maps.Keys(docs))
	for i, p := range paths {
		cfg.Sources = append(cfg.Sources, SourceConfig{URL: srv.URL + p, Name: names[i]})
	}
	a, err := openApp(context.Background(), &env{stderr: io.Discard}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	return a, farm, srv
}

func getFeed(t *testing.T, a *app, path string) (*httptest.ResponseRecorder, atomDoc) {
	t.Helper()
	h := publish.NewHandler(a.store, a.publishOptions(), a.log)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	var doc atomDoc
	if rec.Code == http.StatusOK && strings.HasSuffix(path, ".atom") {
		if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%s is not XML: %v", path, err)
		}
	}
	return rec, doc
}

func TestEndToEndCuratedFeed(t *testing.T) {
	a, farm, _ := newE2E(t, map[string]feedDoc{
		"/atom.xml":  {"application/atom+xml", e2eAtom},
		"/feed.json": {"application/feed+json", e2eJSON},
		"/rss.xml":   {"application/rss+xml", e2eRSS},
	}, "Asia Desk", "Gulf Monitor", "Mekong Wire")
	ctx := context.Background()

	reports, err := a.daemon.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Source.URL, r.Err)
		}
	}
	rec, doc := getFeed(t, a, "/feed.atom")
	if rec.Code != http.StatusOK {
		t.Fatalf("/feed.atom: %d %s", rec.Code, rec.Body)
	}
	byTitle := map[string]string{}
	for _, e := range doc.Entries {
		if _, dup := byTitle[e.Title]; dup {
			t.Errorf("entry %q appears twice", e.Title)
		}
		byTitle[e.Title] = e.Content + e.Summary
	}
	// One entry per story: the first copy stored gives the title.
	if len(doc.Entries) != 3 {
		t.Errorf("got %d entries, want 3 (rescue, forced labour, UN report): %v", len(doc.Entries), slices.Collect(maps.Keys(byTitle)))
	}
	for title, body := range byTitle {
		lower := strings.ToLower(title)
		if strings.Contains(lower, "cocaine") || strings.Contains(lower, "traffic jam") {
			t.Errorf("off-topic story published: %q", title)
		}
		if strings.Contains(lower, "phnom penh") || strings.Contains(lower, "cambodia") {
			for _, outlet := range []string{"Asia Desk", "Gulf Monitor", "Mekong Wire"} {
				if !strings.Contains(body, outlet) {
					t.Errorf("rescue story lacks outlet %s: %q", outlet, body)
				}
			}
		}
	}

	etag := rec.Header().Get("ETag")
	second, err := a.daemon.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := daemon.Summarize(second); s.NotModified != 3 || s.New != 0 {
		t.Errorf("second pass: %+v, want 3 not modified and nothing new", s)
	}
	if farm.notModded != 3 {
		t.Errorf("farm answered %d conditional requests with 304, want 3", farm.notModded)
	}
	rec2, _ := getFeed(t, a, "/feed.atom")
	if rec2.Header().Get("ETag") != etag || !bytes.Equal(rec2.Body.Bytes(), rec.Body.Bytes()) {
		t.Error("the curated feed changed after an all-304 pass")
	}
	req := httptest.NewRequest(http.MethodGet, "/feed.atom", nil)
	req.Header.Set("If-None-Match", etag)
	cond := httptest.NewRecorder()
	publish.NewHandler(a.store, a.publishOptions(), a.log).ServeHTTP(cond, req)
	if cond.Code != http.StatusNotModified {
		t.Errorf("conditional GET with the feed's ETag: %d, want 304", cond.Code)
	}
}

func TestEndToEndGarbageSourceDoesNotStopOthers(t *testing.T) {
	a, _, srv := newE2E(t, map[string]feedDoc{
		"/a-garbage": {"text/html", "<html><body>Not a feed, just a page</body></html>"},
		"/b-rss.xml": {"application/rss+xml", e2eRSS},
		"/c-json":    {"application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","items":[null]}`},
	}, "Garbage", "Mekong Wire", "Null Items")
	reports, err := a.daemon.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if reports[0].Err == nil || reports[2].Err == nil {
		t.Errorf("garbage accepted: %+v / %+v", reports[0], reports[2])
	}
	if reports[1].Err != nil || reports[1].Stats.New != 3 {
		t.Errorf("good source did not land: %+v", reports[1])
	}
	srcs, err := a.store.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		bad := s.URL != srv.URL+"/b-rss.xml"
		if bad && (s.State.ConsecutiveErrors != 1 || s.State.ErrorCategory == "" || !strings.Contains(s.State.LastError, s.URL)) {
			t.Errorf("failure of %s not recorded with category and URL: %+v", s.URL, s.State)
		}
		if !bad && s.State.ErrorCategory != "" {
			t.Errorf("good source carries an error: %+v", s.State)
		}
	}
	_, doc := getFeed(t, a, "/feed.atom")
	if len(doc.Entries) != 2 {
		t.Errorf("curated feed has %d entries, want the 2 relevant ones from the good source", len(doc.Entries))
	}
}
