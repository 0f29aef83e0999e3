package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/store"
)

// withAlerts builds the notifier (nil when neither alerts nor WebSub are
// configured) and has the daemon queue alerts after every pass, after
// whatever ran there before (retention). Queuing only writes the outbox and
// wakes the dispatcher (startAlerts): no pass waits for a receiver.
func withAlerts(opts daemon.Options, cfg Config, st *store.Store, obs *pipelineObserver, log *slog.Logger) (daemon.Options, *alerts.Notifier, error) {
	ao, ok := cfg.alertOptions()
	if !ok {
		return opts, nil, nil
	}
	ao.Sent = obs.m.AlertDone
	n, err := alerts.New(st, st, ao, log.With("component", "alerts"))
	if err != nil {
		return opts, nil, fmt.Errorf("alerts: %w", err)
	}
	obs.m.WatchAlerts(n)
	prev := opts.AfterPass
	opts.AfterPass = func(ctx context.Context) {
		if prev != nil {
			prev(ctx)
		}
		n.AfterPass(ctx)
	}
	return opts, n, nil
}

// startAlerts runs the dispatcher, which delivers alerts and pings hubs in
// the background until ctx ends; the returned function waits for it to
// stop, so the store is not closed under it.
func (a *app) startAlerts(ctx context.Context) (wait func()) {
	if a.alerts == nil {
		return func() {}
	}
	done := make(chan struct{})
	tick := time.NewTicker(alertTick)
	go func() {
		defer close(done)
		defer tick.Stop()
		a.alerts.Run(ctx, tick.C)
	}()
	return func() { <-done }
}

// flushAlerts delivers what is due and pings the hubs, for a one-off
// fetch that runs no dispatcher.
func (a *app) flushAlerts(ctx context.Context) {
	if a.alerts != nil {
		a.alerts.Flush(ctx)
	}
}

// notifyPublishOptions adds the safeguarding mode, the WebSub hubs and the
// per-country pages to the publisher's options.
func (a *app) notifyPublishOptions(o publish.Options) publish.Options {
	o.Content, o.Hubs = a.cfg.Publish.Content, a.cfg.WebSub.Hubs
	if a.tags != nil {
		o.CountryName, o.Tags = a.tags.CountryName, a.store
	}
	return o
}
