package alerts

import (
	"context"
	"encoding/json"

	"github.com/tipwire/tipwire"
)

// build makes the alerts of a batch from its stories as they are now, so a
// digest sent hours after its stories were queued lists every outlet and
// tag they have by then. The payload queued with a delivery stands in when
// its story is gone (retention) or its route no longer exists.
func (n *Notifier) build(ctx context.Context, batch []tipwire.Delivery) []Alert {
	keys := make([]string, len(batch))
	for i, d := range batch {
		keys[i] = d.StoryKey
	}
	now := map[string]tipwire.Item{}
	stories, err := n.stories.StoriesByKey(ctx, keys)
	if err != nil {
		n.log.Warn("alerts sent as queued: cannot read their stories", "channel", batch[0].Channel, "error", err)
	}
	for _, it := range stories {
		now[it.Key] = it
	}
	out := make([]Alert, 0, len(batch))
	for _, d := range batch {
		a := n.alertOf(d, now)
		a.DeliveryID = DeliveryID(d.Channel, d.StoryKey)
		out = append(out, a)
	}
	return out
}

// alertOf is the alert of one delivery, given the current stories by key.
func (n *Notifier) alertOf(d tipwire.Delivery, stories map[string]tipwire.Item) Alert {
	var queued Alert
	if err := json.Unmarshal(d.Payload, &queued); err != nil {
		n.log.Warn("alert payload unreadable", "delivery_id", d.ID, "error", err)
	}
	it, found := stories[d.StoryKey]
	r, known := n.routes[d.Route]
	if !found || !known {
		return queued
	}
	if m, ok := r.accept(it); ok {
		return newAlert(r, it, m, n.opts.Full)
	}
	// The story no longer satisfies the route (a re-match dropped a topic):
	// it was news when queued, so it goes out with today's outlets and tags.
	fresh := newAlert(r, it, tipwire.Match{Topic: queued.Topic, Score: queued.Score}, n.opts.Full)
	fresh.Why = queued.Why
	return fresh
}
