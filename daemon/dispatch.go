package daemon

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tipwire/tipwire"
)

// PassOptions selects the sources of one pass and observes its progress.
type PassOptions struct {
	// DueOnly fetches only the sources whose next check time has come (the
	// scheduled passes); false fetches every active source now (`tipwire
	// fetch`).
	DueOnly bool
	// OnStart, when set, is called once with the number of sources the pass
	// will fetch, before the first fetch.
	OnStart func(total int)
	// OnReport, when set, is called after each source with the number of
	// sources done so far. Calls never overlap.
	OnReport func(done int, r Report)
}

// Pass fetches every active source now and returns one report per source,
// in source order. See PassWith.
func (d *Daemon) Pass(ctx context.Context) ([]Report, error) {
	return d.PassWith(ctx, PassOptions{})
}

// DuePass fetches the active sources that are due; the scheduler runs it on
// every tick.
func (d *Daemon) DuePass(ctx context.Context) ([]Report, error) {
	return d.PassWith(ctx, PassOptions{DueOnly: true})
}

// PassWith fetches the sources opts selects, at most Workers at once and
// PerHost at once per host, and returns one report per source in source
// order. A source that another pass is fetching (or about to fetch) is left
// to that pass and gets no report, so no source is ever fetched twice at
// once. A failing source never stops the others; its error is stored with
// its state. PassWith returns an error only when the source list cannot be
// read.
func (d *Daemon) PassWith(ctx context.Context, opts PassOptions) ([]Report, error) {
	stored, err := d.store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	srcs := ActiveSources(stored, d.opts.Configured)
	if opts.DueOnly {
		srcs = dueSources(srcs, d.opts.Now())
	}
	srcs = d.claims.claim(srcs)
	if opts.OnStart != nil {
		opts.OnStart(len(srcs))
	}
	reports := make([]Report, len(srcs))
	var (
		wg       sync.WaitGroup
		progress sync.Mutex
		done     int
	)
	for i, src := range srcs {
		wg.Go(func() {
			defer d.claims.release(src.ID)
			reports[i] = d.limited(ctx, src)
			if opts.OnReport != nil {
				progress.Lock()
				defer progress.Unlock()
				done++
				opts.OnReport(done, reports[i])
			}
		})
	}
	wg.Wait()
	return reports, nil
}

// dueSources keeps the sources whose next check is not in the future. A
// source never checked has no next check time and is due at once.
func dueSources(srcs []tipwire.Source, now time.Time) []tipwire.Source {
	var out []tipwire.Source
	for _, s := range srcs {
		if !s.State.NextCheckAt.After(now) {
			out = append(out, s)
		}
	}
	return out
}

// limited refreshes src once it holds a slot of its host and a worker slot.
// The host slot is taken first: a worker never sits idle waiting for a busy
// host while sources of other hosts queue behind it.
func (d *Daemon) limited(ctx context.Context, src tipwire.Source) Report {
	host := d.hosts.slot(hostOf(src.URL))
	select {
	case host <- struct{}{}:
	case <-ctx.Done():
		return Report{Source: src, Err: ctx.Err(), Category: categoryCancelled}
	}
	defer func() { <-host }()
	select {
	case d.workers <- struct{}{}:
	case <-ctx.Done():
		return Report{Source: src, Err: ctx.Err(), Category: categoryCancelled}
	}
	defer func() { <-d.workers }()
	return d.refresh(ctx, src)
}

// hostOf is the per-host limit's key: the lowercased host name without the
// port (one server, whatever port the feed is on).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return raw
	}
	return strings.ToLower(u.Hostname())
}

// claimSet remembers the sources some pass is fetching or about to fetch.
type claimSet struct {
	mu  sync.Mutex
	ids map[int64]bool
}

// claim marks the given sources as taken and returns those that were not
// already taken by another pass.
func (c *claimSet) claim(srcs []tipwire.Source) []tipwire.Source {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[int64]bool{}
	}
	var out []tipwire.Source
	for _, s := range srcs {
		if !c.ids[s.ID] {
			c.ids[s.ID] = true
			out = append(out, s)
		}
	}
	return out
}

func (c *claimSet) release(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, id)
}

// hostSlots hands out one semaphore per host, shared by every pass. The map
// grows with the number of distinct hosts ever fetched, which the source
// list bounds.
type hostSlots struct {
	mu    sync.Mutex
	limit int
	sems  map[string]chan struct{}
}

func (h *hostSlots) slot(host string) chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sems == nil {
		h.sems = map[string]chan struct{}{}
	}
	sem, ok := h.sems[host]
	if !ok {
		sem = make(chan struct{}, h.limit)
		h.sems[host] = sem
	}
	return sem
}
