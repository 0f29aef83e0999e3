package alerts

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/tipwire/tipwire"
)

// Stories lists published stories; *store.Store satisfies it.
type Stories interface {
	Items(ctx context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error)
}

// Outbox keeps pending deliveries; *store.Store satisfies it.
type Outbox interface {
	EnqueueDeliveries(ctx context.Context, ds []tipwire.Delivery) (int, error)
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]tipwire.Delivery, error)
	DeliveryDone(ctx context.Context, ids []int64, at time.Time) error
	DeliveryFailed(ctx context.Context, ids []int64, at, next time.Time, reason string) error
	AlertState(ctx context.Context, key string) (string, error)
	SetAlertState(ctx context.Context, key, value string) error
}

// Sender delivers alerts to one channel: all of them, or an error.
type Sender interface {
	Send(ctx context.Context, alerts []Alert) error
}

// Defaults of Options.
const (
	DefaultMinBackoff = 30 * time.Second
	DefaultMaxBackoff = time.Hour
	pageSize          = 500 // stories read, and deliveries sent, per round
	watermarkKey      = "watermark"
)

// Options configure a Notifier.
type Options struct {
	Routes   []Route
	Channels map[string]Sender // by name
	// Full puts the story's whole summary text in alerts instead of an
	// excerpt (publish.content: full).
	Full bool
	// Hubs are WebSub hubs pinged with the changed feeds after Enqueue
	// found new stories; BaseURL is where those feeds are served.
	Hubs    []string
	BaseURL string
	Client  *http.Client // for webhooks' hubs pings; nil means a 30s-timeout client
	// MinBackoff is the wait after a first failed attempt; it doubles per
	// attempt up to MaxBackoff, and a delivery is retried until it succeeds.
	MinBackoff, MaxBackoff time.Duration
	Now                    func() time.Time // nil means time.Now
	// Sent, when set, is told the outcome of every delivery attempt (err
	// nil means delivered), so metrics can count alerts sent and failed.
	Sent func(err error)
}

// Notifier queues and delivers alerts. It is safe for concurrent use, but
// Enqueue and Dispatch are meant to run from one loop.
type Notifier struct {
	stories Stories
	outbox  Outbox
	opts    Options
	log     *slog.Logger
}

// New checks that every route names a known channel.
func New(stories Stories, outbox Outbox, opts Options, logger *slog.Logger) (*Notifier, error) {
	for i, r := range opts.Routes {
		if _, ok := opts.Channels[r.Channel]; !ok {
			return nil, fmt.Errorf("alerts: routes[%d] (%s): unknown channel %q", i, r.Name, r.Channel)
		}
	}
	opts.MinBackoff = cmp.Or(opts.MinBackoff, DefaultMinBackoff)
	opts.MaxBackoff = max(cmp.Or(opts.MaxBackoff, DefaultMaxBackoff), opts.MinBackoff)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Notifier{stories: stories, outbox: outbox, opts: opts, log: logger}, nil
}

// AfterPass is the daemon's hook: queue the new stories, ping the hubs
// when there were any, and deliver what is due. Errors are logged.
func (n *Notifier) AfterPass(ctx context.Context) {
	added, fresh, err := n.Enqueue(ctx)
	if err != nil {
		n.log.Error("queue alerts", "error", err)
	}
	if len(fresh) > 0 {
		n.Ping(ctx, fresh)
	}
	if _, err := n.Dispatch(ctx); err != nil {
		n.log.Error("deliver alerts", "error", err)
	}
	if added > 0 {
		n.log.Info("alerts queued", "deliveries", added, "stories", len(fresh))
	}
}

// Run delivers due alerts (digests on their schedule, retries after their
// backoff) at every tick until ctx ends.
func (n *Notifier) Run(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			if _, err := n.Dispatch(ctx); err != nil && ctx.Err() == nil {
				n.log.Error("deliver alerts", "error", err)
			}
		}
	}
}

// Enqueue queues a delivery for every route that takes a story first seen
// since the last call, and returns how many were queued and the new
// stories. The first call ever only records the time: what was stored
// before alerting was set up (the seed corpus) does not alert.
func (n *Notifier) Enqueue(ctx context.Context) (added int, fresh []tipwire.Item, err error) {
	now := n.opts.Now()
	since, ok, err := n.watermark(ctx)
	if err != nil || !ok {
		return 0, nil, errors.Join(err, n.setWatermark(ctx, now))
	}
	fresh, err = n.storiesSince(ctx, since)
	if err != nil {
		return 0, nil, err
	}
	ds, err := n.deliveries(fresh, now)
	if err != nil {
		return 0, nil, err
	}
	if added, err = n.outbox.EnqueueDeliveries(ctx, ds); err != nil {
		return 0, nil, err
	}
	return added, fresh, n.setWatermark(ctx, now)
}

func (n *Notifier) watermark(ctx context.Context) (time.Time, bool, error) {
	v, err := n.outbox.AlertState(ctx, watermarkKey)
	if err != nil || v == "" {
		return time.Time{}, false, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("alert watermark %q: %w", v, err)
	}
	return t, true, nil
}

func (n *Notifier) setWatermark(ctx context.Context, t time.Time) error {
	return n.outbox.SetAlertState(ctx, watermarkKey, t.UTC().Format(time.RFC3339Nano))
}

// storiesSince pages through the published stories first seen at or
// after since.
func (n *Notifier) storiesSince(ctx context.Context, since time.Time) ([]tipwire.Item, error) {
	var out []tipwire.Item
	for off := 0; ; off += pageSize {
		page, err := n.stories.Items(ctx, tipwire.ItemQuery{Since: since, Limit: pageSize, Offset: off})
		if err != nil {
			return nil, fmt.Errorf("list new stories: %w", err)
		}
		out = append(out, page...)
		if len(page) < pageSize {
			return out, nil
		}
	}
}

// deliveries builds one delivery per route and story the route takes.
func (n *Notifier) deliveries(items []tipwire.Item, now time.Time) ([]tipwire.Delivery, error) {
	var out []tipwire.Delivery
	for _, r := range n.opts.Routes {
		for _, it := range items {
			m, ok := r.accept(it)
			if !ok {
				continue
			}
			body, err := json.Marshal(newAlert(r, it, m, n.opts.Full))
			if err != nil {
				return nil, fmt.Errorf("encode alert: %w", err)
			}
			out = append(out, tipwire.Delivery{
				Channel: r.Channel, StoryKey: it.Key, Route: r.Name, Digest: r.Next != nil,
				Payload: body, CreatedAt: now, NextAttemptAt: r.due(now),
			})
		}
	}
	return out, nil
}
