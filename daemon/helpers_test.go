package daemon

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/store"
)

// testClock is an injected clock that moves only when told.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// seededJitter is a deterministic jitter source, safe for concurrent use.
func seededJitter() func() float64 {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(1, 2))
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return r.Float64()
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// realDaemon wires the real fetcher (loopback allowed) and a SQLite store in
// a temporary directory; srcs are stored before it is returned.
func realDaemon(t *testing.T, clock *testClock, opts Options, srcs ...tipwire.Source) (*Daemon, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := fetcher.New(fetcher.Options{AllowPrivateNetworks: true, Now: clock.Now}, quietLog())
	t.Cleanup(f.Close)
	var configured []tipwire.Source
	for _, s := range srcs {
		if s.Origin == tipwire.OriginCLI {
			if _, err := st.AddSource(ctx, s); err != nil {
				t.Fatal(err)
			}
		} else {
			configured = append(configured, s)
		}
	}
	opts.Configured, opts.Now, opts.Jitter = configured, clock.Now, seededJitter()
	d := New(f, st, titleMatcher{}, opts, quietLog())
	if err := d.Init(ctx); err != nil {
		t.Fatal(err)
	}
	return d, st
}

// sourceByURL returns the stored source with url, failing the test if none.
func sourceByURL(t *testing.T, st *store.Store, url string) tipwire.Source {
	t.Helper()
	src, err := st.SourceByURL(context.Background(), url)
	if err != nil {
		t.Fatalf("source %s: %v", url, err)
	}
	return src
}
