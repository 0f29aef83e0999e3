package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"sync"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// Fetcher fetches and parses one feed; *fetcher.Fetcher satisfies it.
type Fetcher interface {
	Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error)
}

// Store is what the daemon needs from storage; *store.Store satisfies it.
type Store interface {
	EnsureSources(ctx context.Context, srcs []tipwire.Source) ([]tipwire.Source, error)
	Sources(ctx context.Context) ([]tipwire.Source, error)
	SaveFetch(ctx context.Context, sourceID int64, state tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error)
	SaveState(ctx context.Context, sourceID int64, state tipwire.FetchState) error
	SaveItems(ctx context.Context, items []tipwire.Item) (tipwire.SaveStats, error)
}

// Matcher decides which topics an item belongs to; *filters.Set satisfies it.
type Matcher interface {
	Match(it tipwire.Item) []tipwire.Match
}

// CategoryStorage is the error category of a fetch whose items could not be
// stored; the fetcher's categories cover everything before that.
const CategoryStorage = "storage"

// Options tunes the daemon.
type Options struct {
	Workers    int              // sources fetched at once; default 8
	Configured []tipwire.Source // sources from config.yaml and the seed list
	Now        func() time.Time // injectable clock; nil means time.Now
}

// Daemon runs fetch passes over the active sources.
type Daemon struct {
	fetch   Fetcher
	store   Store
	match   Matcher
	log     *slog.Logger
	opts    Options
	running sync.Mutex // held for the length of a pass: passes never overlap
}

// New returns a Daemon; call Init before the first pass.
func New(f Fetcher, s Store, m Matcher, opts Options, logger *slog.Logger) *Daemon {
	if opts.Workers < 1 {
		opts.Workers = 8
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Daemon{fetch: f, store: s, match: m, log: logger, opts: opts}
}

// Init records the configured sources in the store, keeping the fetch state
// of those already there.
func (d *Daemon) Init(ctx context.Context) error {
	if _, err := d.store.EnsureSources(ctx, d.opts.Configured); err != nil {
		return fmt.Errorf("record configured sources: %w", err)
	}
	return nil
}

// SaveCorpus matches and stores items that come from no feed (the seed corpus).
func (d *Daemon) SaveCorpus(ctx context.Context, items []tipwire.Item) (tipwire.SaveStats, error) {
	for i := range items {
		items[i].Matches = d.match.Match(items[i])
	}
	stats, err := d.store.SaveItems(ctx, items)
	if err != nil {
		return stats, fmt.Errorf("store seed corpus: %w", err)
	}
	return stats, nil
}

// Report is the outcome of fetching one source in a pass.
type Report struct {
	Source      tipwire.Source
	NotModified bool
	Fetched     int // items in the feed after normalisation
	Stats       tipwire.SaveStats
	Category    string // error category when Err is set
	Err         error
	Duration    time.Duration
}

// Pass fetches every active source once, Workers at a time, and returns one
// report per source in source order. A failing source never stops the others;
// its error is stored with its state. Pass returns an error only when the
// source list cannot be read. Concurrent calls wait for each other.
func (d *Daemon) Pass(ctx context.Context) ([]Report, error) {
	d.running.Lock()
	defer d.running.Unlock()
	stored, err := d.store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	srcs := ActiveSources(stored, d.opts.Configured)
	reports := make([]Report, len(srcs))
	sem := make(chan struct{}, d.opts.Workers)
	var wg sync.WaitGroup
	for i, src := range srcs {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				reports[i] = Report{Source: src, Err: ctx.Err(), Category: "cancelled"}
				return
			}
			defer func() { <-sem }()
			reports[i] = d.refresh(ctx, src)
		})
	}
	wg.Wait()
	return reports, nil
}

// ActiveSources picks the stored sources a pass fetches: those configured now
// (config.yaml and, with seeds on, the seed list) and every source added from
// the command line. A source removed from config.yaml stays stored, with its
// items, but is no longer polled.
func ActiveSources(stored, configured []tipwire.Source) []tipwire.Source {
	want := make(map[string]bool, len(configured))
	for _, s := range configured {
		want[s.URL] = true
	}
	var out []tipwire.Source
	for _, s := range stored {
		if want[s.URL] || s.Origin == tipwire.OriginCLI {
			out = append(out, s)
		}
	}
	return out
}

// refresh fetches, matches and stores one source, recording the outcome in
// the source's fetch state.
func (d *Daemon) refresh(ctx context.Context, src tipwire.Source) (rep Report) {
	start := d.opts.Now()
	rep.Source = src
	defer func() {
		if r := recover(); r != nil {
			// A bug must cost one source one pass, not the daemon.
			d.log.Error("panic while refreshing source", "feed_url", src.URL, "panic", r, "stack", string(debug.Stack()))
			rep.Err, rep.Category = fmt.Errorf("refresh %s: panic: %v", src.URL, r), string(fetcher.CategoryPanic)
		}
		rep.Duration = d.opts.Now().Sub(start)
	}()
	state := src.State
	state.LastCheckedAt = start
	res, err := d.fetch.Fetch(ctx, fetcher.Request{URL: src.URL, ETag: state.ETag, LastModified: state.LastModified})
	if err != nil {
		return d.failed(ctx, rep, state, string(fetcher.CategoryOf(err)), err)
	}
	state.LastSuccessAt, state.ConsecutiveErrors, state.ErrorCategory, state.LastError = start, 0, "", ""
	state.ETag, state.LastModified = res.ETag, res.LastModified
	if res.NotModified {
		rep.NotModified = true
		if err := d.store.SaveState(ctx, src.ID, state); err != nil {
			return d.failed(ctx, rep, src.State, CategoryStorage, err)
		}
		return rep
	}
	items := d.prepare(src, res)
	rep.Fetched = len(items)
	rep.Stats, err = d.store.SaveFetch(ctx, src.ID, state, items)
	if err != nil {
		// The validators were not saved either, so the next pass fetches the
		// same items again instead of losing them behind a 304.
		return d.failed(ctx, rep, src.State, CategoryStorage, err)
	}
	d.log.Debug("source refreshed", "feed_url", src.URL, "new", rep.Stats.New, "duplicate", rep.Stats.Duplicate, "matched", rep.Stats.Matched)
	return rep
}

// prepare names the outlet of every item and matches it against the topics.
func (d *Daemon) prepare(src tipwire.Source, res fetcher.Result) []tipwire.Item {
	outlet := outletName(src, res.FeedTitle)
	items := res.Items
	for i := range items {
		items[i].Outlet = outlet
		items[i].Matches = d.match.Match(items[i])
	}
	return items
}

// failed records a failed fetch in the source's state and the report. When
// the pass was cancelled (shutdown), nothing is recorded: it is not the
// source's fault.
func (d *Daemon) failed(ctx context.Context, rep Report, state tipwire.FetchState, category string, err error) Report {
	rep.Err, rep.Category = err, category
	if ctx.Err() != nil {
		rep.Category = "cancelled"
		return rep
	}
	d.log.Warn("source failed", "feed_url", rep.Source.URL, "category", category, "error", err)
	state.LastCheckedAt = d.opts.Now()
	state.ConsecutiveErrors++
	state.ErrorCategory, state.LastError = category, err.Error()
	if serr := d.store.SaveState(ctx, rep.Source.ID, state); serr != nil {
		d.log.Error("cannot record source failure", "feed_url", rep.Source.URL, "error", serr)
	}
	return rep
}

// outletName is how an item's outlet is shown: the configured name, else the
// feed's own title, else the feed's host.
func outletName(src tipwire.Source, feedTitle string) string {
	switch {
	case src.Name != "":
		return src.Name
	case feedTitle != "":
		return feedTitle
	}
	if u, err := url.Parse(src.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return src.URL
}
