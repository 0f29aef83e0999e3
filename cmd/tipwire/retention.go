package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/store"
)

// withRetention has the daemon prune, after every scheduled pass, the
// stories older than the configured retention (none when it is 0), and
// tells the publisher when that changed the feeds.
func withRetention(opts daemon.Options, cfg Config, st *store.Store, obs *pipelineObserver, log *slog.Logger) daemon.Options {
	keep := time.Duration(cfg.Retention)
	if keep <= 0 {
		return opts
	}
	opts.AfterPass = func(ctx context.Context) {
		n, err := st.Prune(ctx, time.Now().Add(-keep))
		if err != nil {
			log.Warn("retention prune failed", "error", err)
			return
		}
		if f := obs.changed.Load(); n > 0 && f != nil {
			(*f)()
		}
	}
	return opts
}
