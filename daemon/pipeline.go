package daemon

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"sync/atomic"
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
	SetSourceStatus(ctx context.Context, sourceID int64, status string) error
	// MoveSource changes a source's URL; moved is false when another
	// source already has newURL.
	MoveSource(ctx context.Context, sourceID int64, newURL string) (moved bool, err error)
	SourceStats(ctx context.Context) ([]tipwire.SourceStats, error)
}

// CategoryStorage is the error category of a fetch whose items could not be
// stored; the fetcher's categories cover everything before that.
const CategoryStorage = "storage"

// categoryCancelled marks a source a pass did not finish because its context
// ended (shutdown, pass timeout); nothing is recorded against the source.
const categoryCancelled = "cancelled"

// Options tunes the daemon. Zero values mean the defaults.
type Options struct {
	Workers int // sources fetched at once, across all passes; default 8
	// MaxParsed bounds the fetches holding a feed body at once (read,
	// parsed, matched or waiting for the store), across all passes; default
	// 4×GOMAXPROCS: besides the feeds being parsed (fetcher.Options
	// MaxParses), enough feeds queued for the store's writer to commit
	// several in one transaction. A fetch takes its slot once the response
	// headers are in (see fetcher.Request.BodySlot), so 304s, errors and
	// hosts that have not answered hold none, and a body slow to arrive
	// gives its slot back until it is complete. Each slot is a feed in
	// memory: with the store the slowest stage, every slot stays taken.
	MaxParsed  int
	PerHost    int              // sources of one host fetched at once; default 2
	Configured []tipwire.Source // sources from config.yaml and the seed list
	// Interval is the gap between two checks of a healthy source, unless
	// the publisher asks for a longer one; default DefaultInterval.
	Interval time.Duration
	// MinInterval and MaxInterval bound every gap: hints, Retry-After and
	// the failure backoff (which starts at MinInterval and doubles). A gone
	// source is checked every MaxInterval. Defaults DefaultMinInterval and
	// DefaultMaxInterval.
	MinInterval, MaxInterval time.Duration
	Now                      func() time.Time // injectable clock; nil means time.Now
	// Jitter returns uniform numbers in [0, 1) that spread retry times; nil
	// means math/rand/v2. Tests inject a seeded source.
	Jitter func() float64
	// AfterPass, when set, runs after every scheduled pass with the pass's
	// context, and whenever Daemon.AfterPass is called (after an on-demand
	// pass): housekeeping such as retention pruning, alerts.
	AfterPass func(ctx context.Context)
}

func (o Options) withDefaults() Options {
	o.Workers = cmp.Or(max(o.Workers, 0), 8)
	o.PerHost = cmp.Or(max(o.PerHost, 0), 2)
	o.MaxParsed = cmp.Or(max(o.MaxParsed, 0), 4*runtime.GOMAXPROCS(0))
	o.MinInterval = cmp.Or(max(o.MinInterval, 0), DefaultMinInterval)
	o.MaxInterval = max(cmp.Or(o.MaxInterval, DefaultMaxInterval), o.MinInterval)
	o.Interval = min(max(cmp.Or(o.Interval, DefaultInterval), o.MinInterval), o.MaxInterval)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	return o
}

// Daemon runs fetch passes over the active sources.
type Daemon struct {
	fetch   Fetcher
	store   Store
	classes Classifier
	log     *slog.Logger
	opts    Options
	policy  policy
	workers chan struct{} // global worker slots, shared by concurrent passes
	parsed  chan struct{} // slots for fetches holding a feed body (MaxParsed)
	hosts   hostSlots
	claims  claimSet
}

// New returns a Daemon; call Init before the first pass.
func New(f Fetcher, s Store, c Classifier, opts Options, logger *slog.Logger) *Daemon {
	opts = opts.withDefaults()
	return &Daemon{
		fetch: f, store: s, classes: c, log: logger, opts: opts,
		policy:  policy{interval: opts.Interval, min: opts.MinInterval, max: opts.MaxInterval, jitter: opts.Jitter},
		workers: make(chan struct{}, opts.Workers),
		parsed:  make(chan struct{}, opts.MaxParsed),
		hosts:   hostSlots{limit: opts.PerHost},
	}
}

// Init records the configured sources in the store, keeping the fetch state
// of those already there.
func (d *Daemon) Init(ctx context.Context) error {
	if _, err := d.store.EnsureSources(ctx, d.opts.Configured); err != nil {
		return fmt.Errorf("record configured sources: %w", err)
	}
	return nil
}

// SaveCorpus classifies and stores items that come from no feed (the seed corpus).
func (d *Daemon) SaveCorpus(ctx context.Context, items []tipwire.Item) (tipwire.SaveStats, error) {
	for i := range items {
		items[i] = d.classes.Classify(items[i])
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
	NextCheckAt time.Time // when the source is due again; zero when nothing was recorded
}

// refresh fetches, matches and stores one source, recording the outcome in
// the source's fetch state and its next check time.
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
	slot := &bodySlot{slots: d.parsed}
	defer slot.releaseAll()
	res, err := d.fetch.Fetch(ctx, fetcher.Request{URL: src.URL, ETag: state.ETag, LastModified: state.LastModified,
		BodySlot: slot})
	if err != nil {
		return d.failed(ctx, rep, string(fetcher.CategoryOf(err)), err)
	}
	state.LastSuccessAt, state.ConsecutiveErrors, state.ErrorCategory, state.LastError = start, 0, "", ""
	state.ETag, state.LastModified = res.ETag, res.LastModified
	state.NextCheckAt = start.Add(d.policy.afterSuccess(res.NextCheckHint))
	if res.NotModified {
		rep.NotModified = true
		if err := d.store.SaveState(ctx, src.ID, state); err != nil {
			return d.failed(ctx, rep, CategoryStorage, err)
		}
	} else {
		items := d.prepare(src, res)
		rep.Fetched = len(items)
		rep.Stats, err = d.store.SaveFetch(ctx, src.ID, state, items)
		if err != nil {
			// The validators were not saved either, so the next pass fetches the
			// same items again instead of losing them behind a 304.
			return d.failed(ctx, rep, CategoryStorage, err)
		}
		d.log.Debug("source refreshed", "feed_url", src.URL, "new", rep.Stats.New, "duplicate", rep.Stats.Duplicate, "matched", rep.Stats.Matched)
	}
	rep.NextCheckAt = state.NextCheckAt
	d.afterSuccess(ctx, src, res)
	return rep
}

// bodySlot is one fetch's claim on the daemon's body slots. The fetcher
// takes and gives back the slot; the refresh frees what it still holds
// once the items are stored.
type bodySlot struct {
	slots chan struct{}
	held  atomic.Int32
}

// Acquire takes a slot.
func (b *bodySlot) Acquire(ctx context.Context) error {
	select {
	case b.slots <- struct{}{}:
		b.held.Add(1)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release frees a slot this claim holds; with none held it does nothing.
func (b *bodySlot) Release() {
	for {
		n := b.held.Load()
		if n <= 0 {
			return
		}
		if b.held.CompareAndSwap(n, n-1) {
			<-b.slots
			return
		}
	}
}

func (b *bodySlot) releaseAll() {
	for b.held.Load() > 0 {
		b.Release()
	}
}

// prepare names the outlet of every item and classifies it.
func (d *Daemon) prepare(src tipwire.Source, res fetcher.Result) []tipwire.Item {
	outlet := outletName(src, res.FeedTitle)
	items := res.Items
	for i := range items {
		if items[i].Outlet == "" { // an aggregator's item names its outlet
			items[i].Outlet = outlet
		}
		items[i] = d.classes.Classify(items[i])
	}
	return items
}

// failed records a failed fetch in the source's state and the report, and
// backs the source off (see policy.afterFailure); a 410 marks it gone. It
// starts from the state as stored, so a failure never keeps validators of
// items that were not saved. When the pass was cancelled (shutdown),
// nothing is recorded: it is not the source's fault.
func (d *Daemon) failed(ctx context.Context, rep Report, category string, err error) Report {
	rep.Err, rep.Category = err, category
	if ctx.Err() != nil {
		rep.Category = categoryCancelled
		return rep
	}
	now := d.opts.Now()
	state := rep.Source.State
	state.LastCheckedAt = now
	state.ConsecutiveErrors++
	state.ErrorCategory, state.LastError = category, err.Error()
	var retryAfter time.Duration
	fe, isFetchErr := errors.AsType[*fetcher.Error](err)
	if isFetchErr {
		retryAfter = fe.RetryAfter
	}
	gone := isFetchErr && fe.Status == http.StatusGone
	delay := d.policy.afterFailure(state.ConsecutiveErrors, retryAfter)
	if gone {
		delay = d.policy.max
	}
	state.NextCheckAt = now.Add(delay)
	rep.NextCheckAt = state.NextCheckAt
	d.log.Debug("source failed", "feed_url", rep.Source.URL, "category", category, "error", err,
		"consecutive_errors", state.ConsecutiveErrors, "next_check_in", delay.Round(time.Second))
	if serr := d.store.SaveState(ctx, rep.Source.ID, state); serr != nil {
		d.log.Error("cannot record source failure", "feed_url", rep.Source.URL, "error", serr)
	}
	if gone && rep.Source.Status != tipwire.StatusGone {
		d.setStatus(ctx, rep.Source, tipwire.StatusGone)
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
