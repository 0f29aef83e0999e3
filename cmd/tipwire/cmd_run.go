package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/tipwire/tipwire/publish"
)

// shutdownGrace bounds how long in-flight HTTP requests may take to finish.
const shutdownGrace = 10 * time.Second

// passTimeout bounds one fetch pass, so a wedged pass cannot block the
// schedule forever.
const passTimeout = 30 * time.Minute

func cmdRun(ctx context.Context, e *env, cfg Config, _ *flag.FlagSet) int {
	return serveUntilDone(ctx, e, cfg, true)
}

func cmdServe(ctx context.Context, e *env, cfg Config, _ *flag.FlagSet) int {
	return serveUntilDone(ctx, e, cfg, false)
}

// serveUntilDone runs the HTTP server, and with schedule the fetch passes,
// until ctx is cancelled by SIGINT or SIGTERM.
func serveUntilDone(ctx context.Context, e *env, cfg Config, schedule bool) int {
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		return fail(e, err)
	}
	defer a.close()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fail(e, fmt.Errorf("listen on %s: %w", cfg.Listen, err))
	}
	srv := publish.NewServer(cfg.Listen, a.newHandler())
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "feed", cfg.BaseURL+"/feed.atom")

	passesDone := make(chan struct{})
	go func() {
		defer close(passesDone)
		if schedule {
			defer a.startAlerts(ctx)() // digests and retries; waits for the loop on the way out
			a.log.Info("fetching on schedule", "schedule", cfg.Schedule)
			_ = a.daemon.Run(ctx, cfg.Schedule, passTimeout) // spec validated with the config
		}
	}()

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fail(e, fmt.Errorf("http server: %w", err))
	}
	e.stopSignals()
	a.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Warn("http shutdown", "error", err)
	}
	<-passesDone
	a.log.Info("stopped")
	return exitOK
}
