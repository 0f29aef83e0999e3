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
	report := func(i int, r Report) {
		d.claims.release(srcs[i].ID)
		reports[i] = r
		if opts.OnReport != nil {
			progress.Lock()
			defer progress.Unlock()
			done++
			opts.OnReport(done, r)
		}
	}
	q := newHostQueue(srcs)
	for q.pending > 0 {
		i, release, err := d.next(ctx, q)
		if err != nil {
			for _, j := range q.drain() {
				report(j, Report{Source: srcs[j], Err: err, Category: categoryCancelled})
			}
			break
		}
		wg.Go(func() {
			r := d.refresh(ctx, srcs[i])
			release()
			report(i, r)
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

// next waits until a worker slot and the slot of a queued source's host
// are both free, takes them, and returns that source's index with the
// function that frees both. The per-source goroutine starts only then: a
// thousand sources waiting their turn would otherwise each hold a goroutine
// stack. The host is chosen among those with a free slot, so a worker never
// sits idle waiting for a busy host while sources of other hosts queue.
func (d *Daemon) next(ctx context.Context, q *hostQueue) (int, func(), error) {
	for {
		changed := d.hosts.changed()
		select {
		case d.workers <- struct{}{}:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
		if i, host, ok := q.pop(d.hosts.tryTake); ok {
			return i, func() { d.hosts.release(host); <-d.workers }, nil
		}
		<-d.workers
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
	}
}

// hostQueue holds a pass's sources not yet started: per host, in source
// order, hosts in the order they first appear.
type hostQueue struct {
	hosts   []string
	queued  map[string][]int // source indices by host
	pending int
}

func newHostQueue(srcs []tipwire.Source) *hostQueue {
	q := &hostQueue{queued: map[string][]int{}, pending: len(srcs)}
	for i, src := range srcs {
		h := hostOf(src.URL)
		if _, ok := q.queued[h]; !ok {
			q.hosts = append(q.hosts, h)
		}
		q.queued[h] = append(q.queued[h], i)
	}
	return q
}

// pop removes and returns the next source of the first host that take
// accepts (take claims a slot of that host).
func (q *hostQueue) pop(take func(host string) bool) (int, string, bool) {
	for k, h := range q.hosts {
		if !take(h) {
			continue
		}
		idx := q.queued[h]
		i := idx[0]
		if len(idx) == 1 {
			delete(q.queued, h)
			q.hosts = append(q.hosts[:k], q.hosts[k+1:]...)
		} else {
			q.queued[h] = idx[1:]
		}
		q.pending--
		return i, h, true
	}
	return 0, "", false
}

// drain empties the queue and returns the indices it held.
func (q *hostQueue) drain() []int {
	var out []int
	for _, h := range q.hosts {
		out = append(out, q.queued[h]...)
	}
	q.hosts, q.queued, q.pending = nil, map[string][]int{}, 0
	return out
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

// hostSlots counts, per host, the fetches in progress across every pass,
// and tells waiting dispatchers when one ends. The map holds the hosts
// being fetched only.
type hostSlots struct {
	mu     sync.Mutex
	limit  int
	busy   map[string]int
	notify chan struct{} // closed, and replaced, whenever a slot is freed
}

// tryTake takes a slot of host when one is free.
func (h *hostSlots) tryTake(host string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.busy == nil {
		h.busy = map[string]int{}
	}
	if h.busy[host] >= h.limit {
		return false
	}
	h.busy[host]++
	return true
}

// release frees a slot of host taken by tryTake.
func (h *hostSlots) release(host string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.busy[host]--; h.busy[host] <= 0 {
		delete(h.busy, host)
	}
	if h.notify != nil {
		close(h.notify)
		h.notify = nil
	}
}

// changed returns a channel closed at the next release. Taken before
// trying the hosts, it cannot miss a release that happens in between.
func (h *hostSlots) changed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.notify == nil {
		h.notify = make(chan struct{})
	}
	return h.notify
}
