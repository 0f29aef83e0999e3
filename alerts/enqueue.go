package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tipwire/tipwire"
)

// Enqueue queues a delivery for every route a recent story satisfies now
// and has not been queued to the route's channel before, and returns how
// many were queued and the stories that are new in the published feeds.
//
// It looks at every matched story first seen within Backlog, so whatever
// made a story satisfy a route since the last call (a new item, an update
// that made an item match, a matching copy that joined the story, new
// tags, a re-match after the topics changed) queues it, and the outbox's
// one-delivery-per-channel rule keeps it from alerting twice. A story
// alerts only while it is recent: published (or, without a date, first
// seen) within Backlog. So the first call of a new deployment alerts the
// current news and not the archive a feed lists, and a rule change does
// not flood the channels with old stories.
func (n *Notifier) Enqueue(ctx context.Context) (added int, fresh []tipwire.Item, err error) {
	now := n.opts.Now()
	cutoff := now.Add(-n.opts.Backlog)
	recent, err := n.storiesSince(ctx, cutoff)
	if err != nil {
		return 0, nil, err
	}
	if fresh, err = n.markMatched(ctx, recent, now, cutoff); err != nil {
		return 0, nil, err
	}
	ds, err := n.deliveries(recent, now, cutoff)
	if err != nil {
		return 0, fresh, err
	}
	if added, err = n.outbox.EnqueueDeliveries(ctx, ds); err != nil {
		return 0, fresh, err
	}
	return added, fresh, nil
}

// markMatched records the stories as matched and returns those that were
// not before.
func (n *Notifier) markMatched(ctx context.Context, stories []tipwire.Item, now, cutoff time.Time) ([]tipwire.Item, error) {
	keys := make([]string, len(stories))
	for i, it := range stories {
		keys[i] = it.Key
	}
	// Records are kept a whole Backlog longer than needed, so a clock that
	// differs from the store's cannot make a story new twice.
	newKeys, err := n.outbox.MarkStoriesMatched(ctx, keys, now, cutoff.Add(-n.opts.Backlog))
	if err != nil {
		return nil, err
	}
	isNew := make(map[string]bool, len(newKeys))
	for _, k := range newKeys {
		isNew[k] = true
	}
	var fresh []tipwire.Item
	for _, it := range stories {
		if isNew[it.Key] {
			fresh = append(fresh, it)
		}
	}
	return fresh, nil
}

// storiesSince pages through the published stories first seen at or
// after since.
func (n *Notifier) storiesSince(ctx context.Context, since time.Time) ([]tipwire.Item, error) {
	var out []tipwire.Item
	for off := 0; ; off += pageSize {
		page, err := n.stories.Items(ctx, tipwire.ItemQuery{Since: since, Limit: pageSize, Offset: off})
		if err != nil {
			return nil, fmt.Errorf("list recent stories: %w", err)
		}
		out = append(out, page...)
		if len(page) < pageSize {
			return out, nil
		}
	}
}

// storyTime is the moment a story's age is counted from: its publication
// time, or when it was first seen if its feed gave no date.
func storyTime(it tipwire.Item) time.Time {
	if it.Published.IsZero() {
		return it.FirstSeen
	}
	return it.Published
}

// deliveries builds one delivery per route and recent story the route
// takes.
func (n *Notifier) deliveries(items []tipwire.Item, now, cutoff time.Time) ([]tipwire.Delivery, error) {
	var out []tipwire.Delivery
	for _, it := range items {
		if storyTime(it).Before(cutoff) {
			continue
		}
		for _, r := range n.opts.Routes {
			m, ok := r.accept(it)
			if !ok {
				continue
			}
			body, err := json.Marshal(newAlert(r, it, m, n.opts.Full))
			if err != nil {
				return nil, fmt.Errorf("encode alert of %s: %w", it.Key, err)
			}
			out = append(out, tipwire.Delivery{
				Channel: r.Channel, StoryKey: it.Key, Route: r.Name, Digest: r.Next != nil,
				Payload: body, CreatedAt: now, NextAttemptAt: r.due(now),
			})
		}
	}
	return out, nil
}
