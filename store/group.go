package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime/debug"
	"sync"
)

// maxGroup bounds the writes one group transaction carries, so a busy
// pass still commits (and readers see its items) every few dozen fetches.
const maxGroup = 64

// group commits the writes of concurrent callers together, in one
// transaction: a commit writes every page its transaction changed, and
// pages that every fetch changes (the ends of the indexes) are then
// written once per group instead of once per fetch. There is no goroutine
// to start or stop: a queued caller that finds no group running runs one
// with what is queued.
// Kept because it pays: docs/benchmarks.md, row "group commit (store/group.go)".
type group struct {
	mu    sync.Mutex
	queue []*groupWrite
	lead  chan struct{} // held by the caller running a group; buffered 1
}

type groupWrite struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error // the write's outcome; buffered 1
}

// writeGrouped runs fn in a group transaction and returns once that
// transaction committed (or fn or the commit failed). fn may run twice (see
// runGroup), so it must derive everything it returns from its last run.
func (s *Store) writeGrouped(ctx context.Context, fn func(tx *sql.Tx) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g := &s.group
	g.mu.Lock()
	g.queue = append(g.queue, w)
	g.mu.Unlock()
	for {
		select {
		case err := <-w.done:
			return err
		case g.lead <- struct{}{}:
		}
		g.mu.Lock()
		n := min(len(g.queue), maxGroup)
		ws := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.mu.Unlock()
		s.runGroup(ws)
		<-g.lead
	}
}

// runGroup runs ws in one transaction and delivers each one's outcome.
// When a write or the commit fails, the group is rolled back and each
// write runs again in a transaction of its own, so that a failure is only
// the failing write's. Failures are rare; a savepoint per write would cost
// every write the copy of the pages it changes.
func (s *Store) runGroup(ws []*groupWrite) {
	var run []*groupWrite
	for _, w := range ws {
		if err := w.ctx.Err(); err != nil {
			w.done <- err
			continue
		}
		run = append(run, w)
	}
	if len(run) == 0 { // a caller whose write an earlier group ran
		return
	}
	// The transaction outlives any one caller's context; each write's own
	// statements still run under its context.
	err := s.write(context.Background(), func(tx *sql.Tx) error {
		for _, w := range run {
			if err := w.run(tx); err != nil {
				return err
			}
		}
		return nil
	})
	for _, w := range run {
		if err != nil && len(run) > 1 {
			w.done <- s.write(context.Background(), w.run)
			continue
		}
		w.done <- err
	}
}

// run runs the write's function. A panic becomes the write's error: the
// caller running a group runs other callers' functions, and a panic
// unwinding it would leave the lead held for ever.
func (w *groupWrite) run(tx *sql.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in write: %v\n%s", r, debug.Stack())
		}
	}()
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.fn(tx)
}
