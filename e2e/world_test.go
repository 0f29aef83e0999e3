package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/store"
)

// farm is a loopback feed server whose documents tests swap between passes.
// It counts the requests each path received.
type farm struct {
	mu     sync.Mutex
	routes map[string]route
	hits   map[string]int
	srv    *httptest.Server
}

// route is one canned answer.
type route struct {
	status int
	header map[string]string
	body   []byte
}

func newFarm(t *testing.T) *farm {
	t.Helper()
	f := &farm{routes: map[string]route{}, hits: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *farm) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	rt, ok := f.routes[r.URL.Path]
	f.hits[r.URL.Path]++
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	for k, v := range rt.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(cmpInt(rt.status, http.StatusOK))
	_, _ = w.Write(rt.body)
}

func cmpInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// set makes path answer body with the given content type and extra headers
// (name, value pairs).
func (f *farm) set(path, contentType string, body []byte, kv ...string) {
	h := map[string]string{"Content-Type": contentType}
	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = kv[i+1]
	}
	f.mu.Lock()
	f.routes[path] = route{header: h, body: body}
	f.mu.Unlock()
}

func (f *farm) url(path string) string { return f.srv.URL + path }

func (f *farm) hitsFor(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// recorder is the real store with every SaveFetch batch remembered, so tests
// can check what was stored whatever the topics made of it.
type recorder struct {
	*store.Store
	mu    sync.Mutex
	saved map[int64][]tipwire.Item
}

func (r *recorder) SaveFetch(ctx context.Context, id int64, st tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error) {
	r.mu.Lock()
	r.saved[id] = append(r.saved[id], items...)
	r.mu.Unlock()
	return r.Store.SaveFetch(ctx, id, st, items)
}

// world is the whole pipeline in one process: real fetcher, shipped topics,
// SQLite in a temporary directory, and the publisher's handler.
type world struct {
	st      *recorder
	d       *daemon.Daemon
	h       http.Handler
	topics  []tipwire.Topic
	sources []string
}

// shippedTopics returns the topics of the shipped config.yaml.
func shippedTopics(t testing.TB) []tipwire.Topic {
	t.Helper()
	var cfg struct {
		Topics []struct {
			Name, Title, Rule, Vocabulary string
			Any, All, None                []string
			Threshold                     float64
		}
	}
	if err := yaml.Unmarshal(tipwire.DefaultConfig(), &cfg); err != nil {
		t.Fatalf("parse shipped config: %v", err)
	}
	var out []tipwire.Topic
	for _, tp := range cfg.Topics {
		out = append(out, tipwire.Topic{Name: tp.Name, Title: tp.Title, Any: tp.Any, All: tp.All, None: tp.None,
			Rule: tp.Rule, Vocabulary: tp.Vocabulary, Threshold: tp.Threshold})
	}
	if len(out) == 0 {
		t.Fatal("shipped config has no topics")
	}
	return out
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newWorld wires the pipeline for the given source URLs. Loopback is allowed
// unless fo says otherwise through a non-nil Resolver test.
func newWorld(t *testing.T, urls []string, fo fetcher.Options) *world {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), quietLogger())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	topics := shippedTopics(t)
	set, err := filters.Compile(topics)
	if err != nil {
		t.Fatalf("compile shipped topics: %v", err)
	}
	f := fetcher.New(fo, quietLogger())
	t.Cleanup(f.Close)
	var srcs []tipwire.Source
	for _, u := range urls {
		// No configured name: the outlet is named by the (hostile) feed title.
		srcs = append(srcs, tipwire.Source{URL: u, Origin: tipwire.OriginConfig})
	}
	rec := &recorder{Store: st, saved: map[int64][]tipwire.Item{}}
	d := daemon.New(f, rec, classify.New(set, nil), daemon.Options{Workers: 4, Configured: srcs}, quietLogger())
	if err := d.Init(ctx); err != nil {
		t.Fatalf("init daemon: %v", err)
	}
	h := publish.NewHandler(st, publish.Options{BaseURL: "http://tipwire.test", Topics: topics, Limit: 1000}, quietLogger())
	return &world{st: rec, d: d, h: h, topics: topics, sources: urls}
}

// pass runs one fetch pass (bounded by timeout) and returns the reports by
// source URL.
func (w *world) pass(t *testing.T, timeout time.Duration) map[string]daemon.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	reps, err := w.d.Pass(ctx)
	if err != nil {
		t.Fatalf("pass: %v", err)
	}
	out := map[string]daemon.Report{}
	for _, r := range reps {
		out[r.Source.URL] = r
	}
	return out
}

// source returns the stored source with url.
func (w *world) source(t *testing.T, url string) tipwire.Source {
	t.Helper()
	srcs, err := w.st.Sources(context.Background())
	if err != nil {
		t.Fatalf("sources: %v", err)
	}
	i := slices.IndexFunc(srcs, func(s tipwire.Source) bool { return s.URL == url })
	if i < 0 {
		t.Fatalf("source %s not stored", url)
	}
	return srcs[i]
}

// savedFor returns every item stored from the source with url.
func (w *world) savedFor(t *testing.T, url string) []tipwire.Item {
	id := w.source(t, url).ID
	w.st.mu.Lock()
	defer w.st.mu.Unlock()
	return slices.Clone(w.st.saved[id])
}

// published returns every published item (all topics), page by page.
func (w *world) published(t *testing.T) []tipwire.Item {
	t.Helper()
	var all []tipwire.Item
	for {
		page, err := w.st.Items(context.Background(), tipwire.ItemQuery{Limit: store.MaxLimit, Offset: len(all)})
		if err != nil {
			t.Fatalf("items: %v", err)
		}
		all = append(all, page...)
		if len(page) < store.MaxLimit {
			return all
		}
	}
}

// get serves path through the publisher and returns the body; it fails the
// test on a status other than 200.
func (w *world) get(t *testing.T, path string) []byte {
	t.Helper()
	rr := httptest.NewRecorder()
	w.h.ServeHTTP(rr, httptest.NewRequest(http.MethodGet, path, nil))
	if rr.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rr.Code, rr.Body.String())
	}
	return rr.Body.Bytes()
}

// outputs returns every published document: the curated feeds, each topic's
// feeds and the HTML index, by path.
func (w *world) outputs(t *testing.T) map[string][]byte {
	t.Helper()
	paths := []string{"/", "/feed.atom", "/feed.rss", "/feed.json"}
	for _, tp := range w.topics {
		for _, ext := range []string{".atom", ".rss", ".json"} {
			paths = append(paths, "/topics/"+tp.Name+ext)
		}
	}
	out := map[string][]byte{}
	for _, p := range paths {
		out[p] = w.get(t, p)
	}
	return out
}
