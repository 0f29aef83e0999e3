package daemon

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// gatedServer holds every request until the gate opens, counting how many
// are in flight at once in total, per Host header and per path.
type gatedServer struct {
	gate    chan struct{} // closed to let requests finish
	arrived chan string   // receives each request's host+path on arrival

	mu                     sync.Mutex
	now, maxNow            int
	host, path             map[string]int
	maxHost, maxPath, hits map[string]int
}

func newGatedServer() *gatedServer {
	return &gatedServer{
		gate: make(chan struct{}), arrived: make(chan string, 100),
		host: map[string]int{}, path: map[string]int{},
		maxHost: map[string]int{}, maxPath: map[string]int{}, hits: map[string]int{},
	}
}

func (g *gatedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	src := r.Host + r.URL.Path
	g.mu.Lock()
	g.now++
	g.host[r.Host]++
	g.path[src]++
	g.hits[src]++
	g.maxNow = max(g.maxNow, g.now)
	g.maxHost[r.Host] = max(g.maxHost[r.Host], g.host[r.Host])
	g.maxPath[src] = max(g.maxPath[src], g.path[src])
	g.mu.Unlock()
	g.arrived <- src
	<-g.gate
	g.mu.Lock()
	g.now--
	g.host[r.Host]--
	g.path[src]--
	g.mu.Unlock()
}

// loopbackFetcher GETs the feed URL, whatever its host, from one local
// server, keeping the Host header so the server can tell hosts apart.
type loopbackFetcher struct{ client *http.Client }

func newLoopbackFetcher(addr string) *loopbackFetcher {
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &loopbackFetcher{client: &http.Client{Transport: &http.Transport{DialContext: dial}}}
}

func (f *loopbackFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return fetcher.Result{}, err
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return fetcher.Result{}, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return fetcher.Result{StatusCode: resp.StatusCode}, err
}

// TestConcurrencyLimits: with every request held, exactly as many arrive as
// the limits allow (the global one, or hosts × the per-host one), never two
// for one source, and a pass started meanwhile leaves the claimed sources
// alone.
func TestConcurrencyLimits(t *testing.T) {
	tests := []struct {
		workers, perHost, want int
	}{
		{workers: 4, perHost: 2, want: 4}, // the global limit binds
		{workers: 8, perHost: 2, want: 6}, // 3 hosts × 2
		{workers: 8, perHost: 1, want: 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("workers=%d,per_host=%d", tt.workers, tt.perHost), func(t *testing.T) {
			g := newGatedServer()
			srv := httptest.NewServer(g)
			defer srv.Close()
			var srcs []tipwire.Source
			for _, h := range []string{"a.test", "b.test", "c.test"} {
				for i := range 4 {
					srcs = append(srcs, tipwire.Source{URL: fmt.Sprintf("http://%s/feed%d", h, i), Origin: tipwire.OriginConfig})
				}
			}
			st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
			d := New(newLoopbackFetcher(srv.Listener.Addr().String()), st, titleMatcher{},
				Options{Workers: tt.workers, PerHost: tt.perHost, Configured: srcs}, quietLog())
			ctx := context.Background()
			if err := d.Init(ctx); err != nil {
				t.Fatal(err)
			}
			first := make(chan []Report)
			go func() {
				reps, _ := d.Pass(ctx)
				first <- reps
			}()
			for range tt.want {
				<-g.arrived
			}
			if overlap, _ := d.Pass(ctx); len(overlap) != 0 {
				t.Errorf("an overlapping pass fetched %d sources another pass had claimed", len(overlap))
			}
			close(g.gate)
			reps := <-first
			if s := Summarize(reps); s.OK != len(srcs) {
				t.Fatalf("pass: %+v", s)
			}
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.maxNow != tt.want {
				t.Errorf("at most %d requests in flight, want exactly %d", g.maxNow, tt.want)
			}
			for h, n := range g.maxHost {
				if n > tt.perHost {
					t.Errorf("host %s: %d requests at once, limit %d", h, n, tt.perHost)
				}
			}
			for p, n := range g.maxPath {
				if n != 1 || g.hits[p] != 1 {
					t.Errorf("source %s: %d at once, %d in all; want 1 and 1", p, n, g.hits[p])
				}
			}
			if len(g.hits) != len(srcs) {
				t.Errorf("%d sources requested, want %d", len(g.hits), len(srcs))
			}
		})
	}
}

// parsingFetcher "downloads" instantly, then takes a body slot and reports
// that it holds a parsed feed.
type parsingFetcher struct{ parsed chan<- string }

func (f parsingFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	if req.BodySlot != nil {
		if err := req.BodySlot.Acquire(ctx); err != nil {
			return fetcher.Result{}, err
		}
	}
	f.parsed <- req.URL
	return fetcher.Result{StatusCode: http.StatusOK, Items: []tipwire.Item{{Title: "trafficking " + req.URL, Link: req.URL}}}, nil
}

// heldStore is a fakeStore whose SaveFetch waits for the gate.
type heldStore struct {
	*fakeStore
	gate chan struct{}
}

func (s heldStore) SaveFetch(ctx context.Context, id int64, st tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error) {
	<-s.gate
	return s.fakeStore.SaveFetch(ctx, id, st, items)
}

// TestMaxParsedBoundsHeldFeeds: with the store stalled, only MaxParsed
// fetches get to parse; the other workers wait with no parsed feed in
// memory, and all finish once the store moves.
func TestMaxParsedBoundsHeldFeeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers, maxParsed, sources = 8, 3, 20
		var srcs []tipwire.Source
		for i := range sources {
			srcs = append(srcs, tipwire.Source{URL: fmt.Sprintf("http://h%d.test/feed", i), Origin: tipwire.OriginConfig})
		}
		parsed := make(chan string, sources)
		st := heldStore{&fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}, make(chan struct{})}
		d := New(parsingFetcher{parsed}, st, titleMatcher{},
			Options{Workers: workers, PerHost: workers, MaxParsed: maxParsed, Configured: srcs}, quietLog())
		ctx := context.Background()
		if err := d.Init(ctx); err != nil {
			t.Fatal(err)
		}
		done := make(chan []Report)
		go func() {
			reps, _ := d.Pass(ctx)
			done <- reps
		}()
		synctest.Wait() // every worker is blocked: in the store, or waiting for a parse slot
		if n := len(parsed); n != maxParsed {
			t.Errorf("%d feeds parsed while the store is stalled, want MaxParsed = %d", n, maxParsed)
		}
		close(st.gate)
		if s := Summarize(<-done); s.OK != sources {
			t.Fatalf("pass: %+v", s)
		}
		if n := len(parsed); n != sources {
			t.Errorf("%d feeds parsed in all, want %d", n, sources)
		}
	})
}

// TestWaitingSourcesHoldNoGoroutine: sources waiting for a worker do not
// each hold a goroutine; a pass over many sources runs about Workers of
// them, whatever the number queued.
func TestWaitingSourcesHoldNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers, sources = 4, 500
		var srcs []tipwire.Source
		for i := range sources {
			srcs = append(srcs, tipwire.Source{URL: fmt.Sprintf("http://h%d.test/feed", i%7), Origin: tipwire.OriginConfig})
			srcs[i].URL += fmt.Sprint(i)
		}
		parsed := make(chan string, sources)
		st := heldStore{&fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}, make(chan struct{})}
		d := New(parsingFetcher{parsed}, st, titleMatcher{},
			Options{Workers: workers, PerHost: 2, Configured: srcs}, quietLog())
		ctx := context.Background()
		if err := d.Init(ctx); err != nil {
			t.Fatal(err)
		}
		before := runtime.NumGoroutine()
		done := make(chan []Report)
		go func() {
			reps, _ := d.Pass(ctx)
			done <- reps
		}()
		synctest.Wait() // every started fetch is held in the store
		if n := runtime.NumGoroutine() - before; n > workers+2 {
			t.Errorf("%d goroutines during a pass of %d sources with %d workers", n, sources, workers)
		}
		close(st.gate)
		if s := Summarize(<-done); s.OK != sources {
			t.Fatalf("pass: %+v", s)
		}
	})
}

// notModifiedFetcher answers 304 for URLs ending in "/same" and otherwise
// behaves as parsingFetcher.
type notModifiedFetcher struct{ parsingFetcher }

func (f notModifiedFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	if strings.HasSuffix(req.URL, "/same") {
		return fetcher.Result{NotModified: true, StatusCode: http.StatusNotModified}, nil
	}
	return f.parsingFetcher.Fetch(ctx, req)
}

// TestNotModifiedPassesFullBodySlots: with every body slot held by feeds
// the stalled store has not taken yet, a 304 still completes.
func TestNotModifiedPassesFullBodySlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srcs := []tipwire.Source{
			{URL: "http://a.test/feed", Origin: tipwire.OriginConfig},
			{URL: "http://b.test/feed", Origin: tipwire.OriginConfig},
			{URL: "http://c.test/feed", Origin: tipwire.OriginConfig},
			{URL: "http://d.test/same", Origin: tipwire.OriginConfig},
		}
		parsed := make(chan string, len(srcs))
		st := heldStore{&fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}, make(chan struct{})}
		d := New(notModifiedFetcher{parsingFetcher{parsed}}, st, titleMatcher{},
			Options{Workers: 4, PerHost: 1, MaxParsed: 2, Configured: srcs}, quietLog())
		ctx := context.Background()
		if err := d.Init(ctx); err != nil {
			t.Fatal(err)
		}
		reported := make(chan Report, len(srcs))
		done := make(chan []Report)
		go func() {
			reps, _ := d.PassWith(ctx, PassOptions{OnReport: func(_ int, r Report) { reported <- r }})
			done <- reps
		}()
		synctest.Wait()
		if len(reported) != 1 {
			t.Fatalf("%d sources done while the store is stalled, want the 304 alone", len(reported))
		}
		if r := <-reported; !r.NotModified {
			t.Errorf("done while the store is stalled: %s, want the 304 source", r.Source.URL)
		}
		close(st.gate)
		if s := Summarize(<-done); s.OK+s.NotModified != len(srcs) {
			t.Fatalf("pass: %+v", s)
		}
	})
}
