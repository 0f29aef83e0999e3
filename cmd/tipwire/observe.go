package main

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/metrics"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/store"
)

// pipelineObserver is the daemon.Observer of the app: it counts fetches and
// stored items in the metrics and tells the publisher that stored content
// changed, so its rendered feeds and pages are rendered again.
type pipelineObserver struct {
	m       *metrics.Metrics
	changed atomic.Pointer[func()] // set once the publisher exists
}

func newPipelineObserver(st *store.Store, log *slog.Logger) *pipelineObserver {
	return &pipelineObserver{m: metrics.New(st.Size, log)}
}

// FetchDone implements daemon.Observer.
func (o *pipelineObserver) FetchDone(outcome string, d time.Duration) { o.m.FetchDone(outcome, d) }

// ItemsSaved implements daemon.Observer. A duplicate may have added an
// outlet to a published story, so it counts as a change too.
func (o *pipelineObserver) ItemsSaved(s tipwire.SaveStats) {
	o.m.ItemsSaved(s)
	if s.New+s.Duplicate+s.Updated+s.Merged == 0 {
		return
	}
	if f := o.changed.Load(); f != nil {
		(*f)()
	}
}

// newHandler builds the HTTP handler and has every stored change invalidate
// its render cache.
func (a *app) newHandler() *publish.Handler {
	h := publish.NewHandler(a.store, a.publishOptions(), a.log)
	invalidate := h.Invalidate
	a.obs.changed.Store(&invalidate)
	return h
}
