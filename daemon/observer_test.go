package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

type recordingObserver struct {
	mu      sync.Mutex
	fetches []string
	saved   []tipwire.SaveStats
}

func (r *recordingObserver) FetchDone(outcome string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fetches = append(r.fetches, fmt.Sprintf("%s %s", outcome, d))
}

func (r *recordingObserver) ItemsSaved(s tipwire.SaveStats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saved = append(r.saved, s)
}

// scriptedFetcher answers each URL with a fixed result or error.
type scriptedFetcher map[string]func() (fetcher.Result, error)

func (s scriptedFetcher) Fetch(_ context.Context, req fetcher.Request) (fetcher.Result, error) {
	return s[req.URL]()
}

// savingStore implements only the save methods; the embedded nil Store
// stands for the rest, which Observe must pass through untouched.
type savingStore struct {
	Store
	fail bool
}

func (s savingStore) SaveFetch(context.Context, int64, tipwire.FetchState, []tipwire.Item) (tipwire.SaveStats, error) {
	if s.fail {
		return tipwire.SaveStats{}, errors.New("disk full")
	}
	return tipwire.SaveStats{New: 2, Duplicate: 1, Matched: 1}, nil
}

func (s savingStore) SaveItems(context.Context, []tipwire.Item) (tipwire.SaveStats, error) {
	return tipwire.SaveStats{New: 5}, nil
}

func TestObserveReportsFetchesAndSaves(t *testing.T) {
	clock := time.Unix(0, 0)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	obs := &recordingObserver{}
	f, s := Observe(scriptedFetcher{
		"ok":  func() (fetcher.Result, error) { return fetcher.Result{}, nil },
		"304": func() (fetcher.Result, error) { return fetcher.Result{NotModified: true}, nil },
		"html": func() (fetcher.Result, error) {
			return fetcher.Result{}, &fetcher.Error{Category: fetcher.CategoryHTML}
		},
		"other": func() (fetcher.Result, error) { return fetcher.Result{}, errors.New("boom") },
	}, savingStore{}, obs, now)
	ctx := context.Background()
	for _, u := range []string{"ok", "304", "html", "other"} {
		f.Fetch(ctx, fetcher.Request{URL: u})
	}
	want := []string{"ok 1s", "not_modified 1s", "html 1s", "unknown 1s"}
	if fmt.Sprint(obs.fetches) != fmt.Sprint(want) {
		t.Errorf("fetches = %v, want %v", obs.fetches, want)
	}
	s.SaveFetch(ctx, 1, tipwire.FetchState{}, nil)
	s.SaveItems(ctx, nil)
	_, failS := Observe(f, savingStore{fail: true}, obs, now)
	if _, err := failS.SaveFetch(ctx, 1, tipwire.FetchState{}, nil); err == nil {
		t.Error("the wrapper swallowed a save error")
	}
	if len(obs.saved) != 2 || obs.saved[0].New != 2 || obs.saved[1].New != 5 {
		t.Errorf("saved = %+v, want the two successful saves only", obs.saved)
	}
}
