package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"
)

// cmdHealthcheck asks the running server's /healthz and exits 0 only when it
// answers 200; the Docker image has no curl, so its HEALTHCHECK uses this.
func cmdHealthcheck(ctx context.Context, e *env, cfg Config, _ *flag.FlagSet) int {
	host, port, _ := net.SplitHostPort(cfg.Listen) // validated with the config
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fail(e, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail(e, fmt.Errorf("healthcheck %s: %w", url, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail(e, fmt.Errorf("healthcheck %s: %s", url, resp.Status))
	}
	fmt.Fprintln(e.stdout, "ok")
	return exitOK
}
