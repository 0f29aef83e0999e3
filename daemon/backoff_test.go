package daemon

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

func TestPolicy(t *testing.T) {
	p := policy{interval: 15 * time.Minute, min: 5 * time.Minute, max: 24 * time.Hour, jitter: func() float64 { return 0.5 }}
	tests := []struct {
		name string
		got  time.Duration
		want time.Duration
	}{
		{"no hint: the interval", p.afterSuccess(0), 15 * time.Minute},
		{"a shorter hint does not speed polling up", p.afterSuccess(time.Minute), 15 * time.Minute},
		{"a longer hint slows it down", p.afterSuccess(2 * time.Hour), 2 * time.Hour},
		{"a hint is clamped to the maximum", p.afterSuccess(30 * 24 * time.Hour), 24 * time.Hour},
		{"first failure: the minimum, jitter kept above it", p.afterFailure(1, 0), 5*time.Minute + 30*time.Second},
		{"third failure: minimum × 4", p.afterFailure(3, 0), 20 * time.Minute},
		{"many failures: capped, jitter kept below the maximum", p.afterFailure(40, 0), 24*time.Hour - 144*time.Minute},
		{"Retry-After beyond the backoff wins", p.afterFailure(1, 3*time.Hour), 3 * time.Hour},
		{"Retry-After below the minimum is raised to it", p.afterFailure(1, time.Second), 5*time.Minute + 30*time.Second},
		{"Retry-After beyond the maximum is clamped", p.afterFailure(1, 72*time.Hour), 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

// TestRetryAfterIsHonoured: a 429 with Retry-After: 120 is not fetched again
// before 120 s have passed, and is fetched once they have.
func TestRetryAfterIsHonoured(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	clock := newTestClock()
	start := clock.Now()
	// A minimum below 120 s, so the delay comes from the header, not the clamp.
	d, st := realDaemon(t, clock, Options{MinInterval: 30 * time.Second}, tipwire.Source{URL: srv.URL + "/feed", Origin: tipwire.OriginConfig})
	ctx := context.Background()
	reps, err := d.DuePass(ctx)
	if err != nil || len(reps) != 1 || reps[0].Err == nil {
		t.Fatalf("first pass: %+v, %v", reps, err)
	}
	next := sourceByURL(t, st, srv.URL+"/feed").State.NextCheckAt
	if next.Before(start.Add(120 * time.Second)) {
		t.Fatalf("next check at %v, want no sooner than %v", next, start.Add(120*time.Second))
	}
	clock.Set(start.Add(119 * time.Second))
	if reps, _ := d.DuePass(ctx); len(reps) != 0 || hits.Load() != 1 {
		t.Errorf("fetched again after 119 s: %d reports, %d requests", len(reps), hits.Load())
	}
	clock.Set(next)
	if reps, _ := d.DuePass(ctx); len(reps) != 1 || hits.Load() != 2 {
		t.Errorf("not fetched once due: %d reports, %d requests", len(reps), hits.Load())
	}
}

// failingFetcher fails every fetch until ok is set.
type failingFetcher struct{ ok atomic.Bool }

func (f *failingFetcher) Fetch(_ context.Context, req fetcher.Request) (fetcher.Result, error) {
	if f.ok.Load() {
		return fetcher.Result{Items: []tipwire.Item{{GUID: "1", Title: "x"}}}, nil
	}
	return fetcher.Result{}, &fetcher.Error{Category: fetcher.CategoryNetwork, URL: req.URL, Err: errors.New("connection refused")}
}

func newScheduledDaemon(t *testing.T, f Fetcher, clock *testClock, urls ...string) (*Daemon, *fakeStore) {
	t.Helper()
	st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
	var srcs []tipwire.Source
	for _, u := range urls {
		srcs = append(srcs, tipwire.Source{URL: u, Origin: tipwire.OriginConfig})
	}
	d := New(f, st, titleMatcher{}, Options{Workers: 8, PerHost: 8, Configured: srcs, Now: clock.Now, Jitter: seededJitter()}, quietLog())
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d, st
}

// TestBackoffGrowsWithJitterAndResets: eight failures in a row give growing
// gaps, each within ±20 % of min × 2^(n-1) and not all on it; a success
// resets the gap to the interval and the error count to zero.
func TestBackoffGrowsWithJitterAndResets(t *testing.T) {
	clock := newTestClock()
	f := &failingFetcher{}
	d, st := newScheduledDaemon(t, f, clock, "https://down.example/feed")
	ctx := context.Background()
	var gaps []time.Duration
	onBase := 0
	for n := 1; n <= 8; n++ {
		now := clock.Now()
		reps, _ := d.DuePass(ctx)
		if len(reps) != 1 || reps[0].Err == nil {
			t.Fatalf("failure %d: %+v", n, reps)
		}
		state := st.states[1]
		gap := state.NextCheckAt.Sub(now)
		base := DefaultMinInterval << (n - 1)
		if state.ConsecutiveErrors != n || gap < base*8/10 || gap > base*12/10 || gap < DefaultMinInterval {
			t.Errorf("failure %d: errors %d, gap %v, want %v ± 20%%", n, state.ConsecutiveErrors, gap, base)
		}
		if gap == base {
			onBase++
		}
		gaps = append(gaps, gap)
		clock.Set(now.Add(gap - time.Second))
		if reps, _ := d.DuePass(ctx); len(reps) != 0 {
			t.Fatalf("failure %d: fetched a second before it was due", n)
		}
		clock.Set(state.NextCheckAt)
	}
	if !slices.IsSorted(gaps) || onBase == len(gaps) {
		t.Errorf("gaps %v: want growing and jittered", gaps)
	}
	f.ok.Store(true)
	now := clock.Now()
	if reps, _ := d.DuePass(ctx); len(reps) != 1 || reps[0].Err != nil {
		t.Fatalf("success: %+v", reps)
	}
	if s := st.states[1]; s.ConsecutiveErrors != 0 || s.ErrorCategory != "" || s.NextCheckAt.Sub(now) != DefaultInterval {
		t.Errorf("after success: %+v, want reset and next check in %v", s, DefaultInterval)
	}
}

// TestSimultaneousFailuresSpread: 100 sources failing in the same pass get
// retry times spread over the jitter window, not one instant.
func TestSimultaneousFailuresSpread(t *testing.T) {
	clock := newTestClock()
	var urls []string
	for i := range 100 {
		urls = append(urls, "https://down.example/feed/"+string(rune('a'+i/26))+string(rune('a'+i%26)))
	}
	d, st := newScheduledDaemon(t, &failingFetcher{}, clock, urls...)
	now := clock.Now()
	if _, err := d.DuePass(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[time.Time]bool{}
	lo, hi := now.Add(24*time.Hour), now
	for id := int64(1); id <= 100; id++ {
		next := st.states[id].NextCheckAt
		seen[next] = true
		lo, hi = minTime(lo, next), maxTime(hi, next)
	}
	if lo.Before(now.Add(DefaultMinInterval)) || hi.After(now.Add(DefaultMinInterval*12/10)) {
		t.Errorf("retries from %v to %v, want within [min, min × 1.2]", lo.Sub(now), hi.Sub(now))
	}
	if len(seen) < 95 || hi.Sub(lo) < 45*time.Second {
		t.Errorf("%d distinct retry times spread over %v: sources would retry in lockstep", len(seen), hi.Sub(lo))
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
