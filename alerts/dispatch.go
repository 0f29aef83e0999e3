package alerts

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/tipwire/tipwire"
)

// recordTimeout bounds recording an attempt's outcome, which must happen
// even when the send ended because the process is stopping.
const recordTimeout = 10 * time.Second

// stopGrace is how long a send in flight when the dispatcher stops may
// still take: the receiver may be accepting the alert right then, and
// cutting the send would leave it pending, to be sent again at the next
// start.
const stopGrace = 5 * time.Second

// idleWait is the least a channel's worker waits between two looks at
// the outbox, so a delivery it cannot claim never makes it spin.
const idleWait = time.Second

// Run is the dispatcher: one worker per channel sends what is due to it,
// so a slow or dead receiver delays only its own channel, and a pinger
// tells the hubs about new stories. Workers look again when AfterPass or
// Wake signals, at every tick (for what other processes sharing the
// database queued), and when their channel's next delivery or a lapsed
// claim falls due. Run returns when ctx ends and every worker stopped; a
// send in flight then may take stopGrace more, and its outcome is recorded.
func (n *Notifier) Run(ctx context.Context, tick <-chan time.Time) {
	var wg sync.WaitGroup
	kicks := map[string]chan struct{}{}
	for _, ch := range slices.Sorted(maps.Keys(n.opts.Channels)) {
		kick := make(chan struct{}, 1)
		kicks[ch] = kick
		wg.Go(func() { n.work(ctx, ch, kick) })
	}
	wg.Go(func() { n.pingLoop(ctx) })
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case <-n.wake:
		}
		for _, kick := range kicks {
			select {
			case kick <- struct{}{}:
			default: // that worker has a look pending already
			}
		}
	}
}

// Flush sends what is due on every channel, and the pending hub pings,
// and returns when done: for a one-off fetch that has no dispatcher loop.
func (n *Notifier) Flush(ctx context.Context) {
	var wg sync.WaitGroup
	for ch := range n.opts.Channels {
		wg.Go(func() { n.drain(ctx, ch) })
	}
	wg.Go(func() { n.pingPending(ctx) })
	wg.Wait()
}

// work is channel ch's worker: it drains what is due (from before a
// restart too), then waits. A failed send pauses the channel until that
// delivery's retry time, so a receiver that is down gets one attempt per
// backoff period, not one per pending alert.
func (n *Notifier) work(ctx context.Context, ch string, kick <-chan struct{}) {
	var paused time.Time
	for {
		if !n.opts.Now().Before(paused) {
			paused = n.drain(ctx, ch)
		}
		if !n.sleep(ctx, kick, n.nextLook(ctx, ch, paused)) {
			return
		}
	}
}

// nextLook is how long channel ch's worker may wait before looking at the
// outbox again: until its next delivery or lapsing claim falls due, or its
// pause ends; negative means until kicked.
func (n *Notifier) nextLook(ctx context.Context, ch string, paused time.Time) time.Duration {
	at, ok, err := n.outbox.NextDelivery(ctx, ch)
	if err != nil {
		if ctx.Err() == nil {
			n.log.Error("next alert delivery", "channel", ch, "error", err)
		}
		return -1
	}
	if !ok {
		return -1
	}
	if paused.After(at) {
		at = paused
	}
	return max(at.Sub(n.opts.Now()), idleWait)
}

// sleep waits for a kick or for wait (none when negative); false means ctx
// ended.
func (n *Notifier) sleep(ctx context.Context, kick <-chan struct{}, wait time.Duration) bool {
	var due <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		due = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-kick:
	case <-due:
	}
	return true
}

// drain claims and sends channel ch's due deliveries until none is left
// or a send failed; then it returns the failed delivery's retry time.
func (n *Notifier) drain(ctx context.Context, ch string) (retryAt time.Time) {
	for ctx.Err() == nil {
		claim, now := n.claimName(), n.opts.Now()
		batch, err := n.outbox.ClaimDeliveries(ctx, ch, claim, now, now.Add(n.lease(ch)), pageSize)
		if err != nil {
			if ctx.Err() == nil {
				n.log.Error("claim alert deliveries", "channel", ch, "error", err)
			}
			return time.Time{}
		}
		if len(batch) == 0 {
			return time.Time{}
		}
		retryAt, err := n.send(ctx, claim, batch)
		if err != nil {
			n.log.Error("record alert delivery", "channel", ch, "error", err)
			return time.Time{}
		}
		if !retryAt.IsZero() {
			return retryAt
		}
	}
	return time.Time{}
}

// send delivers one claimed batch and records the outcome under the
// claim; retryAt is when to try again after a failed send, zero after a
// delivery. The error is only for failures to record the outcome.
func (n *Notifier) send(ctx context.Context, claim string, batch []tipwire.Delivery) (retryAt time.Time, err error) {
	ch, ids := batch[0].Channel, make([]int64, len(batch))
	attempts := 0
	for i, d := range batch {
		ids[i], attempts = d.ID, max(attempts, d.Attempts)
	}
	alerts := n.build(ctx, batch)
	started := n.opts.Now()
	n.inFlight.Add(int64(len(batch)))
	sendCtx, cancel := n.sendContext(ctx, ch)
	sendErr := n.opts.Channels[ch].Send(sendCtx, alerts)
	cancel()
	n.inFlight.Add(-int64(len(batch)))
	finished := n.opts.Now()
	if n.opts.Sent != nil {
		defer n.opts.Sent(sendErr) // after the outcome is recorded
	}
	// Record even when ctx ended during the send: the receiver may have
	// the alert, and the claim must not stay on it for nothing.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer rcancel()
	var kept int
	if sendErr == nil {
		n.log.Info("alert delivered", "channel", ch, "stories", len(batch), "took", finished.Sub(started))
		kept, err = n.outbox.DeliveryDone(rctx, claim, ids, started, finished)
	} else {
		next := finished.Add(n.backoff(attempts + 1))
		if ctx.Err() != nil {
			next = finished // stopped, not refused: the next start tries again at once
		}
		n.log.Warn("alert delivery failed", "channel", ch, "stories", len(batch), "attempt", attempts+1,
			"error", sendErr, "retry_at", next)
		kept, err = n.outbox.DeliveryFailed(rctx, claim, ids, started, finished, next, sendErr.Error())
		retryAt = next
	}
	if err == nil && kept < len(ids) {
		n.log.Warn("alert claim lapsed before the outcome was recorded; another attempt may repeat it",
			"channel", ch, "stories", len(ids)-kept)
	}
	return retryAt, err
}

// sendContext bounds one send to channel ch by the channel's timeout.
// When ctx ends during the send (the process is stopping) the send is not
// cut at once but may take stopGrace more, so that an alert the receiver
// is taking is recorded as delivered rather than repeated after a restart.
func (n *Notifier) sendContext(ctx context.Context, ch string) (context.Context, context.CancelFunc) {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), n.sendTimeout(ch))
	stop := context.AfterFunc(ctx, func() {
		grace := time.NewTimer(stopGrace)
		defer grace.Stop()
		select {
		case <-sendCtx.Done():
		case <-grace.C:
			cancel()
		}
	})
	return sendCtx, func() {
		stop()
		cancel()
	}
}

// backoff is the wait after the attempt-th failed attempt: MinBackoff,
// doubling, at most MaxBackoff.
func (n *Notifier) backoff(attempt int) time.Duration {
	d := n.opts.MinBackoff
	for i := 1; i < attempt && d < n.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, n.opts.MaxBackoff)
}
