package daemon

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// fakeFetcher answers per URL; a nil result with no error panics, to
// exercise recovery.
type fakeFetcher struct {
	mu      sync.Mutex
	results map[string]fetcher.Result
	errs    map[string]error
	panics  map[string]bool
	calls   map[string][]fetcher.Request
	called  chan string // optional: receives every URL fetched
}

func (f *fakeFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string][]fetcher.Request{}
	}
	f.calls[req.URL] = append(f.calls[req.URL], req)
	res, err, p := f.results[req.URL], f.errs[req.URL], f.panics[req.URL]
	f.mu.Unlock()
	if f.called != nil {
		f.called <- req.URL
	}
	if p {
		panic("parser exploded")
	}
	return res, err
}

// fakeStore keeps sources and saved batches in memory.
type fakeStore struct {
	mu      sync.Mutex
	sources []tipwire.Source
	saved   map[int64][]tipwire.Item
	states  map[int64]tipwire.FetchState
	failOn  int64 // SaveFetch of this source fails
}

func (s *fakeStore) EnsureSources(_ context.Context, srcs []tipwire.Source) ([]tipwire.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, src := range srcs {
		src.ID = int64(len(s.sources) + 1)
		s.sources = append(s.sources, src)
	}
	return s.sources, nil
}

func (s *fakeStore) Sources(context.Context) ([]tipwire.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]tipwire.Source, len(s.sources))
	for i, src := range s.sources {
		src.State = s.states[src.ID]
		out[i] = src
	}
	return out, nil
}

func (s *fakeStore) SaveFetch(_ context.Context, id int64, st tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == s.failOn {
		return tipwire.SaveStats{}, errors.New("disk full")
	}
	s.saved[id] = append(s.saved[id], items...)
	s.states[id] = st
	return tipwire.SaveStats{New: len(items)}, nil
}

func (s *fakeStore) SaveState(_ context.Context, id int64, st tipwire.FetchState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.states[id] = st
	return nil
}

func (s *fakeStore) SetSourceStatus(_ context.Context, id int64, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[id-1].Status = status
	return nil
}

func (s *fakeStore) MoveSource(_ context.Context, id int64, newURL string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, src := range s.sources {
		if src.URL == newURL {
			return false, nil
		}
	}
	s.sources[id-1].URL = newURL
	return true, nil
}

func (s *fakeStore) SourceStats(ctx context.Context) ([]tipwire.SourceStats, error) {
	srcs, _ := s.Sources(ctx)
	out := make([]tipwire.SourceStats, len(srcs))
	for i, src := range srcs {
		out[i] = tipwire.SourceStats{Source: src, Items: len(s.saved[src.ID])}
	}
	return out, nil
}

func (s *fakeStore) SaveItems(_ context.Context, items []tipwire.Item) (tipwire.SaveStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved[0] = append(s.saved[0], items...)
	return tipwire.SaveStats{New: len(items)}, nil
}

type titleMatcher struct{}

func (titleMatcher) Classify(it tipwire.Item) tipwire.Item {
	if strings.Contains(it.Title, "trafficking") {
		it.Matches = []tipwire.Match{{Topic: "t", Terms: []string{"trafficking"}, Score: 1}}
	}
	return it
}

func newTestDaemon(t *testing.T, f Fetcher, urls ...string) (*Daemon, *fakeStore) {
	t.Helper()
	st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
	var srcs []tipwire.Source
	for _, u := range urls {
		srcs = append(srcs, tipwire.Source{URL: u, Origin: tipwire.OriginConfig})
	}
	clock := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	d := New(f, st, titleMatcher{}, Options{Workers: 2, Configured: srcs, Now: func() time.Time { return clock }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d, st
}

func TestPassFailingSourceDoesNotStopOthers(t *testing.T) {
	f := &fakeFetcher{
		results: map[string]fetcher.Result{
			"https://a.example/feed": {ETag: `"a1"`, FeedTitle: "Outlet A", Items: []tipwire.Item{{GUID: "1", Title: "trafficking ring broken"}, {GUID: "2", Title: "weather"}}},
			"https://c.example/feed": {Items: []tipwire.Item{{GUID: "3", Title: "more trafficking"}}},
		},
		errs:   map[string]error{"https://b.example/feed": &fetcher.Error{Category: fetcher.CategoryParse, URL: "https://b.example/feed", Err: errors.New("garbage")}},
		panics: map[string]bool{"https://p.example/feed": true},
	}
	d, st := newTestDaemon(t, f, "https://a.example/feed", "https://b.example/feed", "https://p.example/feed", "https://c.example/feed")
	reports, err := d.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 4 {
		t.Fatalf("got %d reports, want 4", len(reports))
	}
	if reports[0].Err != nil || reports[0].Stats.New != 2 || reports[3].Err != nil {
		t.Errorf("healthy sources did not land: %+v / %+v", reports[0], reports[3])
	}
	if reports[1].Category != string(fetcher.CategoryParse) || reports[2].Category != string(fetcher.CategoryPanic) {
		t.Errorf("categories: %q, %q", reports[1].Category, reports[2].Category)
	}
	a := st.saved[1]
	if len(a) != 2 || a[0].Outlet != "Outlet A" || len(a[0].Matches) != 1 || len(a[1].Matches) != 0 {
		t.Errorf("items of source A stored as %+v", a)
	}
	if st.states[1].ETag != `"a1"` || st.states[1].LastSuccessAt.IsZero() {
		t.Errorf("state of A: %+v", st.states[1])
	}
	b := st.states[2]
	if b.ConsecutiveErrors != 1 || b.ErrorCategory != "parse" || !strings.Contains(b.LastError, "garbage") {
		t.Errorf("failure of B not recorded: %+v", b)
	}
	if _, err := d.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := st.states[2].ConsecutiveErrors; got != 2 {
		t.Errorf("second failure: consecutive errors %d, want 2", got)
	}
	if len(f.calls["https://b.example/feed"]) != 2 {
		t.Errorf("failing source not retried on the next pass")
	}
}

func TestPassSendsValidatorsAndKeepsThemOn304(t *testing.T) {
	const u = "https://a.example/feed"
	f := &fakeFetcher{results: map[string]fetcher.Result{u: {ETag: `"v1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT"}}}
	d, st := newTestDaemon(t, f, u)
	if _, err := d.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.results[u] = fetcher.Result{NotModified: true, ETag: `"v1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT"}
	reports, _ := d.Pass(context.Background())
	if !reports[0].NotModified {
		t.Errorf("report: %+v", reports[0])
	}
	second := f.calls[u][1]
	if second.ETag != `"v1"` || second.LastModified == "" {
		t.Errorf("validators not sent back: %+v", second)
	}
	if st.states[1].ETag != `"v1"` {
		t.Errorf("validators lost after 304: %+v", st.states[1])
	}
}

func TestStorageFailureDoesNotAdvanceValidators(t *testing.T) {
	const u = "https://a.example/feed"
	f := &fakeFetcher{results: map[string]fetcher.Result{u: {ETag: `"new"`, Items: []tipwire.Item{{GUID: "1", Title: "x"}}}}}
	d, st := newTestDaemon(t, f, u)
	st.states[1] = tipwire.FetchState{ETag: `"old"`}
	st.failOn = 1
	reports, _ := d.Pass(context.Background())
	if reports[0].Category != CategoryStorage {
		t.Errorf("category %q, want storage", reports[0].Category)
	}
	if got := st.states[1]; got.ETag != `"old"` || got.ErrorCategory != CategoryStorage {
		t.Errorf("state after storage failure: %+v", got)
	}
}

func TestPassCancelledRecordsNoFailure(t *testing.T) {
	const u = "https://a.example/feed"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &fakeFetcher{errs: map[string]error{u: context.Canceled}}
	d, st := newTestDaemon(t, f, u)
	reports, err := d.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reports[0].Category != "cancelled" || st.states[1].ConsecutiveErrors != 0 {
		t.Errorf("shutdown counted against the source: %+v %+v", reports[0], st.states[1])
	}
}

func TestActiveSources(t *testing.T) {
	stored := []tipwire.Source{
		{URL: "https://config.example/", Origin: tipwire.OriginConfig},
		{URL: "https://removed.example/", Origin: tipwire.OriginConfig},
		{URL: "https://seed.example/", Origin: tipwire.OriginSeeds},
		{URL: "https://cli.example/", Origin: tipwire.OriginCLI},
	}
	configured := []tipwire.Source{{URL: "https://config.example/"}}
	var got []string
	for _, s := range ActiveSources(stored, configured) {
		got = append(got, s.URL)
	}
	want := "https://config.example/ https://cli.example/"
	if strings.Join(got, " ") != want {
		t.Errorf("active = %v, want %s", got, want)
	}
}

func TestSaveCorpusMatches(t *testing.T) {
	d, st := newTestDaemon(t, &fakeFetcher{})
	stats, err := d.SaveCorpus(context.Background(), []tipwire.Item{{Title: "trafficking report", Outlet: "seed corpus"}})
	if err != nil || stats.New != 1 {
		t.Fatalf("stats %+v err %v", stats, err)
	}
	if len(st.saved[0]) != 1 || len(st.saved[0][0].Matches) != 1 {
		t.Errorf("corpus stored without matches: %+v", st.saved[0])
	}
}

func TestRunPassesAtStartAndStopsOnCancel(t *testing.T) {
	const u = "https://a.example/feed"
	f := &fakeFetcher{called: make(chan string, 1)}
	d, _ := newTestDaemon(t, f, u)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx, "@every 1h", time.Minute) }()
	if got := <-f.called; got != u {
		t.Errorf("first pass fetched %q", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestGuardSurvivesPanicAndRunsAgain(t *testing.T) {
	runs := 0
	job := guard(cronLogger{slog.New(slog.NewTextHandler(io.Discard, nil))}, func() {
		runs++
		if runs == 1 {
			panic("first run fails")
		}
	})
	job.Run()
	job.Run()
	job.Run()
	if runs != 3 {
		t.Errorf("job ran %d times after a panic, want 3 (issue #366 ordering)", runs)
	}
}

func TestValidateSchedule(t *testing.T) {
	for _, ok := range []string{"@every 15m", "@hourly", "*/5 * * * *", "0 6 * * 1-5"} {
		if err := ValidateSchedule(ok); err != nil {
			t.Errorf("%q rejected: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "every day", "* * * *", "61 * * * *", "@every -1m"} {
		if err := ValidateSchedule(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
