package alerts

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
)

// Stories lists published stories; *store.Store satisfies it.
type Stories interface {
	Items(ctx context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error)
	StoriesByKey(ctx context.Context, keys []string) ([]tipwire.Item, error)
}

// Outbox keeps pending deliveries and hands them out under claims;
// *store.Store satisfies it.
type Outbox interface {
	EnqueueDeliveries(ctx context.Context, ds []tipwire.Delivery) (int, error)
	MarkStoriesMatched(ctx context.Context, keys []string, at, forgetBefore time.Time) ([]string, error)
	ClaimDeliveries(ctx context.Context, channel, claim string, now, until time.Time, limit int) ([]tipwire.Delivery, error)
	NextDelivery(ctx context.Context, channel string) (time.Time, bool, error)
	DeliveryDone(ctx context.Context, claim string, ids []int64, started, finished time.Time) (int, error)
	DeliveryFailed(ctx context.Context, claim string, ids []int64, started, finished, next time.Time, reason string) (int, error)
	PendingDeliveries(ctx context.Context, channels []string) (int, time.Time, error)
}

// Sender delivers alerts to one channel: all of them, or an error.
type Sender interface {
	Send(ctx context.Context, alerts []Alert) error
}

// Defaults of Options.
const (
	DefaultMinBackoff  = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultBacklog     = 24 * time.Hour
	DefaultSendTimeout = 30 * time.Second
	pageSize           = 500 // stories read, and digest alerts claimed, per round
	// claimMargin is how much longer than a send's timeout a claim lasts:
	// time to record the outcome after the receiver answered.
	claimMargin = 10 * time.Second
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
	Client  *http.Client // for hubs pings; nil means a 30s-timeout client
	// MinBackoff is the wait after a first failed attempt; it doubles per
	// attempt up to MaxBackoff, and a delivery is retried until it succeeds.
	MinBackoff, MaxBackoff time.Duration
	// Backlog is how old a story may be and still alert: its publication
	// time (first-seen time when the feed gave none) must be within
	// Backlog of the moment it first satisfies a route.
	Backlog time.Duration
	// SendTimeout bounds one send to one channel; a claim lasts a little
	// longer, so a receiver that never answers delays its own channel by
	// SendTimeout per attempt and nothing else.
	SendTimeout time.Duration
	// Timeouts override SendTimeout for some channels, by name.
	Timeouts map[string]time.Duration
	Now      func() time.Time // nil means time.Now
	// Sent, when set, is told the outcome of every delivery attempt (err
	// nil means delivered), so metrics can count alerts sent and failed.
	Sent func(err error)
}

// Notifier queues alerts after fetch passes and delivers them from its own
// loop (Run). It is safe for concurrent use.
type Notifier struct {
	stories Stories
	outbox  Outbox
	opts    Options
	routes  map[string]Route // by name
	log     *slog.Logger

	id       string        // names this notifier's claims
	claims   atomic.Uint64 // numbers them
	inFlight atomic.Int64  // deliveries being sent now
	wake     chan struct{} // tells Run that deliveries may be due

	pingMu   sync.Mutex
	toPing   []tipwire.Item // new stories whose feeds the hubs are still to hear about
	pingWake chan struct{}
}

// New checks that every route names a known channel.
func New(stories Stories, outbox Outbox, opts Options, logger *slog.Logger) (*Notifier, error) {
	routes := map[string]Route{}
	for i, r := range opts.Routes {
		if _, ok := opts.Channels[r.Channel]; !ok {
			return nil, fmt.Errorf("alerts: routes[%d] (%s): unknown channel %q", i, r.Name, r.Channel)
		}
		routes[r.Name] = r
	}
	opts.MinBackoff = cmp.Or(opts.MinBackoff, DefaultMinBackoff)
	opts.MaxBackoff = max(cmp.Or(opts.MaxBackoff, DefaultMaxBackoff), opts.MinBackoff)
	opts.Backlog = cmp.Or(opts.Backlog, DefaultBacklog)
	opts.SendTimeout = cmp.Or(opts.SendTimeout, DefaultSendTimeout)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Notifier{
		stories: stories, outbox: outbox, opts: opts, routes: routes, log: logger,
		id: rand.Text(), wake: make(chan struct{}, 1), pingWake: make(chan struct{}, 1),
	}, nil
}

// AfterPass is the daemon's hook: queue what the pass made alert, hand
// the new stories to the hub pinger, and wake the dispatcher. It sends
// nothing itself, so a slow receiver never holds up fetching. Errors are
// logged.
func (n *Notifier) AfterPass(ctx context.Context) {
	added, fresh, err := n.Enqueue(ctx)
	if err != nil {
		n.log.Error("queue alerts", "error", err)
	}
	if len(fresh) > 0 {
		n.queuePing(fresh)
	}
	if added > 0 {
		n.log.Info("alerts queued", "deliveries", added, "new_stories", len(fresh))
	}
	n.Wake()
}

// Wake tells Run that deliveries may be due; it never blocks.
func (n *Notifier) Wake() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// InFlight returns how many deliveries are being sent now.
func (n *Notifier) InFlight() int { return int(n.inFlight.Load()) }

// OldestPending returns the age of the oldest delivery not delivered yet,
// 0 when none is pending.
func (n *Notifier) OldestPending(ctx context.Context) (time.Duration, error) {
	count, oldest, err := n.outbox.PendingDeliveries(ctx, slices.Collect(maps.Keys(n.opts.Channels)))
	if err != nil || count == 0 {
		return 0, err
	}
	return max(n.opts.Now().Sub(oldest), 0), nil
}

// claimName returns a name no other claim has, in this process or another.
func (n *Notifier) claimName() string {
	return n.id + "-" + fmt.Sprint(n.claims.Add(1))
}

// sendTimeout bounds one send to channel ch.
func (n *Notifier) sendTimeout(ch string) time.Duration {
	return cmp.Or(n.opts.Timeouts[ch], n.opts.SendTimeout)
}

// lease is how long a claim on channel ch's deliveries lasts.
func (n *Notifier) lease(ch string) time.Duration { return n.sendTimeout(ch) + claimMargin }

// DeliveryID is the idempotency key of the alert of story storyKey on
// channel: the same for every attempt, in every process, since the outbox
// holds one delivery per channel and story.
func DeliveryID(channel, storyKey string) string {
	return hashHex(channel + "\x00" + storyKey)
}

// hashHex is a short hex digest of s.
func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}
