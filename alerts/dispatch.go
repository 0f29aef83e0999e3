package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tipwire/tipwire"
)

// Dispatch sends every due delivery and returns how many were delivered.
// A channel's due digest deliveries go out together in one message, its
// immediate ones one by one. A failed send is recorded and retried after
// a backoff; a failure of one channel does not hold up the others.
func (n *Notifier) Dispatch(ctx context.Context) (delivered int, err error) {
	now := n.opts.Now()
	due, err := n.outbox.DueDeliveries(ctx, now, pageSize)
	if err != nil {
		return 0, err
	}
	for _, batch := range batches(due) {
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
		ok, err := n.send(ctx, batch, now)
		if err != nil {
			return delivered, err
		}
		if ok {
			delivered += len(batch)
		}
	}
	return delivered, nil
}

// batches groups due deliveries (sorted by channel) into what is sent in
// one go: a channel's digest deliveries together, immediate ones alone.
func batches(due []tipwire.Delivery) [][]tipwire.Delivery {
	var out [][]tipwire.Delivery
	digest := map[string]int{} // channel -> index in out
	for _, d := range due {
		if !d.Digest {
			out = append(out, []tipwire.Delivery{d})
			continue
		}
		if i, ok := digest[d.Channel]; ok {
			out[i] = append(out[i], d)
			continue
		}
		digest[d.Channel] = len(out)
		out = append(out, []tipwire.Delivery{d})
	}
	return out
}

// send delivers one batch and records the outcome; ok reports delivery.
// The error is only for failures to record it.
func (n *Notifier) send(ctx context.Context, batch []tipwire.Delivery, now time.Time) (ok bool, err error) {
	ch := batch[0].Channel
	ids := make([]int64, len(batch))
	alerts := make([]Alert, 0, len(batch))
	attempts := 0
	for i, d := range batch {
		ids[i], attempts = d.ID, max(attempts, d.Attempts)
		var a Alert
		if err := json.Unmarshal(d.Payload, &a); err != nil {
			return false, fmt.Errorf("delivery %d: decode payload: %w", d.ID, err)
		}
		alerts = append(alerts, a)
	}
	sender, known := n.opts.Channels[ch]
	var sendErr error
	if !known {
		sendErr = fmt.Errorf("channel %q is no longer configured", ch)
	} else {
		sendErr = sender.Send(ctx, alerts)
	}
	if n.opts.Sent != nil {
		n.opts.Sent(sendErr)
	}
	if sendErr == nil {
		n.log.Info("alert delivered", "channel", ch, "stories", len(batch))
		return true, n.outbox.DeliveryDone(ctx, ids, now)
	}
	next := now.Add(n.backoff(attempts + 1))
	n.log.Warn("alert delivery failed", "channel", ch, "stories", len(batch), "attempt", attempts+1,
		"error", sendErr, "retry_at", next)
	return false, n.outbox.DeliveryFailed(ctx, ids, now, next, sendErr.Error())
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
