package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
)

// maxGroup bounds the writes one group transaction carries, so a busy
// pass still commits (and readers see its items) every few dozen fetches.
const maxGroup = 64

// group commits the writes of concurrent callers together: they run one
// after another in one transaction, and one commit makes them all durable.
// A commit writes every page the transaction touched and may checkpoint
// the WAL; at one commit per fetch that was a third of the writer's time in
// tipwire bench, and pages that several fetches touch (the ends of the
// indexes, the story tables) were written once per fetch.
//
// A write that fails fails alone: the transaction is rolled back and the
// group's other writes run again, without it, in a new one. Failures are
// rare, so this costs less than a savepoint per write, which copies every
// page the write changes that an earlier write of the group had changed
// (the sub-journal) and made a group slower than separate commits. A
// failed commit fails every write of its group, and none of them is
// stored. There is no goroutine to start or stop: a caller who finds no
// group running leads one, and hands the lead to the first waiting caller
// when its group is done, so no caller leads more than one group.
type group struct {
	mu      sync.Mutex
	queue   []*groupWrite
	leading bool
}

type groupWrite struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error    // the write's outcome, once its group committed
	lead chan struct{} // closed when this caller is to lead the next group
}

// writeGrouped runs fn in a group transaction and returns once that
// transaction committed (or fn or the commit failed). fn's changes are
// visible to later writes of the same group. fn may run more than once (when
// another write of its group fails), each time in a new transaction, so it
// must derive everything it returns from that run.
func (s *Store) writeGrouped(ctx context.Context, fn func(tx *sql.Tx) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan error, 1), lead: make(chan struct{})}
	g := &s.group
	g.mu.Lock()
	g.queue = append(g.queue, w)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead {
		select {
		case err := <-w.done:
			return err
		case <-w.lead:
		}
	}
	s.leadGroup()
	return <-w.done
}

// leadGroup runs the queued writes (the leader's own first) as one group,
// then passes the lead on or, with nothing queued, ends it.
func (s *Store) leadGroup() {
	g := &s.group
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	ws := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()

	s.runGroup(ws)

	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.leading = false
		return
	}
	close(g.queue[0].lead)
}

// runGroup runs ws in one transaction and delivers each one's outcome. A
// write that fails is rolled back with the whole transaction, and the
// others run again without it.
func (s *Store) runGroup(ws []*groupWrite) {
	var run []*groupWrite
	for _, w := range ws {
		if err := w.ctx.Err(); err != nil {
			w.done <- err
			continue
		}
		run = append(run, w)
	}
	for len(run) > 0 {
		failed, failure := -1, error(nil)
		// The transaction outlives any one caller's context; each write's
		// own statements still run under its context.
		err := s.write(context.Background(), func(tx *sql.Tx) error {
			for i, w := range run {
				if failure = w.run(tx); failure != nil {
					failed = i
					return failure
				}
			}
			return nil
		})
		if failed < 0 {
			for _, w := range run {
				w.done <- err // nil once committed
			}
			return
		}
		run[failed].done <- err
		run = slices.Delete(run, failed, failed+1)
	}
}

// run runs the write's function. A panic becomes the write's error: the
// leader runs other callers' functions, and a panic unwinding it would
// leave every caller still queued waiting for ever.
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
