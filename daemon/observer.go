package daemon

import (
	"context"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// Fetch outcomes reported to an Observer besides the fetcher's error
// categories (fetcher.Category values).
const (
	OutcomeOK          = "ok"           // a 200 with a feed that was parsed
	OutcomeNotModified = "not_modified" // a 304: nothing new
)

// Observer is told what the pipeline does: every fetch with its outcome and
// duration, and every batch of items stored. *metrics.Metrics satisfies it;
// the composition root also uses it to tell the publisher that stored
// content changed. Calls come from several workers at once.
type Observer interface {
	FetchDone(outcome string, d time.Duration)
	ItemsSaved(stats tipwire.SaveStats)
}

// Observe wraps f and s so that every fetch and every successful save is
// reported to o; pass the results to New. Wrapping rather than hooking into
// the pass keeps the pipeline free of instrumentation, and the wrapped Store
// keeps every other method of s (it embeds it). now is the clock for fetch
// durations; nil means time.Now.
func Observe(f Fetcher, s Store, o Observer, now func() time.Time) (Fetcher, Store) {
	if now == nil {
		now = time.Now
	}
	return observedFetcher{f, o, now}, observedStore{s, o}
}

// observedFetcher embeds the Fetcher so methods the interface may gain
// later pass through unobserved rather than breaking the wrapper.
type observedFetcher struct {
	Fetcher
	o   Observer
	now func() time.Time
}

// Fetch implements Fetcher.
func (of observedFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	start := of.now()
	res, err := of.Fetcher.Fetch(ctx, req)
	outcome := OutcomeOK
	switch {
	case err != nil:
		outcome = string(fetcher.CategoryOf(err))
	case res.NotModified:
		outcome = OutcomeNotModified
	}
	of.o.FetchDone(outcome, of.now().Sub(start))
	return res, err
}

type observedStore struct {
	Store
	o Observer
}

// SaveFetch implements Store.
func (st observedStore) SaveFetch(ctx context.Context, sourceID int64, state tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error) {
	stats, err := st.Store.SaveFetch(ctx, sourceID, state, items)
	if err == nil {
		st.o.ItemsSaved(stats)
	}
	return stats, err
}

// SaveItems implements Store.
func (st observedStore) SaveItems(ctx context.Context, items []tipwire.Item) (tipwire.SaveStats, error) {
	stats, err := st.Store.SaveItems(ctx, items)
	if err == nil {
		st.o.ItemsSaved(stats)
	}
	return stats, err
}
