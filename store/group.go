package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// maxGroup bounds the writes one group transaction carries, so a busy
// pass still commits (and readers see its items) every few dozen fetches.
const maxGroup = 64

// group commits the writes of concurrent callers together: each runs in a
// savepoint of one shared transaction, and one commit makes them all
// durable. A commit writes every page the transaction touched and may
// checkpoint the WAL; at one commit per fetch that was a third of the
// writer's time in tipwire bench, and pages that several fetches touch
// (the ends of the indexes, the story tables) were written once per fetch.
//
// A failed write rolls back to its savepoint and fails alone; a failed
// commit fails every write of the group, and none of them is stored.
// There is no goroutine to start or stop: a caller who finds no group
// running leads one, and hands the lead to the first waiting caller when
// its group is done, so no caller leads more than one group.
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

// writeGrouped runs fn inside a savepoint of a group transaction and
// returns once that transaction committed (or fn or the commit failed).
// fn's changes are visible to later writes of the same group.
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

// runGroup runs ws in one transaction and delivers each one's outcome.
func (s *Store) runGroup(ws []*groupWrite) {
	errs := make([]error, len(ws))
	// The transaction outlives any one caller's context; each write's own
	// statements still run under its context.
	err := s.write(context.Background(), func(tx *sql.Tx) error {
		ok := 0
		for i, w := range ws {
			if errs[i] = w.ctx.Err(); errs[i] != nil {
				continue
			}
			if errs[i] = savepoint(tx, w); errs[i] != nil {
				if errors.Is(errs[i], errTxLost) {
					return errs[i]
				}
				continue
			}
			ok++
		}
		if ok == 0 {
			return errNothingToCommit
		}
		return nil
	})
	for i, w := range ws {
		switch {
		case errs[i] != nil:
			w.done <- errs[i]
		case err != nil && !errors.Is(err, errNothingToCommit):
			w.done <- err
		default:
			w.done <- nil
		}
	}
}

var (
	// errTxLost: the transaction is in no state to go on (SQLite rolls a
	// whole transaction back on some errors, such as a full disk).
	errTxLost = errors.New("group transaction lost")
	// errNothingToCommit rolls back a group in which every write failed.
	errNothingToCommit = errors.New("nothing to commit")
)

// run runs the write's function. A panic becomes the write's error: the
// leader runs other callers' functions, and a panic unwinding it would
// leave every caller still queued waiting for ever.
func (w *groupWrite) run(tx *sql.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in write: %v\n%s", r, debug.Stack())
		}
	}()
	return w.fn(tx)
}

// savepoint runs one write in a savepoint, rolling back to it on error.
func savepoint(tx *sql.Tx, w *groupWrite) error {
	// Savepoint control uses no caller context: a write cancelled half-way
	// must still be rolled back.
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
		return fmt.Errorf("%w: savepoint: %w", errTxLost, err)
	}
	if err := w.run(tx); err != nil {
		if _, rbErr := tx.ExecContext(ctx, "ROLLBACK TO write"); rbErr != nil {
			return errors.Join(err, fmt.Errorf("%w: rollback to savepoint: %w", errTxLost, rbErr))
		}
		if _, relErr := tx.ExecContext(ctx, "RELEASE write"); relErr != nil {
			return errors.Join(err, fmt.Errorf("%w: release savepoint: %w", errTxLost, relErr))
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE write"); err != nil {
		return fmt.Errorf("%w: release savepoint: %w", errTxLost, err)
	}
	return nil
}
