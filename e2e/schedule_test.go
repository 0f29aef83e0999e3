package e2e

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/store"
)

// panickyStore panics the first time a pass lists the sources, outside the
// per-source recover, so the panic reaches the scheduler's job.
type panickyStore struct {
	*store.Store
	calls atomic.Int32
	seen  chan int32
}

func (p *panickyStore) Sources(ctx context.Context) ([]tipwire.Source, error) {
	n := p.calls.Add(1)
	select {
	case p.seen <- n:
	default:
	}
	if n == 1 {
		panic("e2e: injected panic in a pass")
	}
	return p.Store.Sources(ctx)
}

// TestPanickingPassKeepsSchedule makes the first pass panic and requires
// later ticks to run passes all the same (robfig/cron issue #366: with
// Recover outside SkipIfStillRunning one panic stops the job for good).
func TestPanickingPassKeepsSchedule(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set, err := filters.Compile(shippedTopics(t))
	if err != nil {
		t.Fatal(err)
	}
	ps := &panickyStore{Store: st, seen: make(chan int32, 16)}
	f := fetcher.New(fetcher.Options{AllowPrivateNetworks: true}, quietLogger())
	defer f.Close()
	d := daemon.New(f, ps, classify.New(set, nil), daemon.Options{}, quietLogger())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, "@every 1s", time.Minute) }()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case n := <-ps.seen:
			if n >= 3 {
				cancel()
				if err := <-done; err != nil && ctx.Err() == nil {
					t.Errorf("Run: %v", err)
				}
				return
			}
		case err := <-done:
			t.Fatalf("Run returned after the panic: %v", err)
		case <-deadline:
			t.Fatalf("only %d passes in 30 s: the schedule stopped after the panic", ps.calls.Load())
		}
	}
}
