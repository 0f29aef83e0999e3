package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync/atomic"
)

// checkpointEvery is how many commits the checkpointer lets pass between
// two checkpoints: a few hundred pages each, about SQLite's own default of
// checkpointing every 1000 WAL pages.
const checkpointEvery = 4

// backstopPages is the writer's own wal_autocheckpoint: it checkpoints
// only when the WAL has grown this far, should the checkpointer fall
// behind.
const backstopPages = 10000

// checkpointer copies the WAL back into the database file on a connection
// of its own, so the writer's commits do not. With SQLite's automatic
// checkpoint the commit that crosses 1000 WAL pages does it, holding the
// writer while it writes those pages to scattered places of the file and
// syncs it: with a million items stored, that was a third of what saving
// costs more than on an empty database. A PASSIVE checkpoint never blocks
// the writer or readers; it copies what no reader still needs.
type checkpointer struct {
	db      *sql.DB
	logger  *slog.Logger
	commits atomic.Int64
	wake    chan struct{} // buffered 1: commits coalesce
	done    chan struct{}
	stopped chan struct{}
	runs    atomic.Int64 // checkpoints run, for tests
}

func startCheckpointer(path string, logger *slog.Logger) (*checkpointer, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("open checkpoint connection: %w", err)
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, logger: logger, wake: make(chan struct{}, 1),
		done: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c, nil
}

// committed tells the checkpointer a write transaction committed.
func (c *checkpointer) committed() {
	if c.commits.Add(1)%checkpointEvery != 0 {
		return
	}
	select {
	case c.wake <- struct{}{}:
	default: // one is pending already
	}
}

func (c *checkpointer) run() {
	defer close(c.stopped)
	for {
		select {
		case <-c.done:
			return
		case <-c.wake:
			c.checkpoint()
		}
	}
}

func (c *checkpointer) checkpoint() {
	var busy, logged, copied int
	err := c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied)
	c.runs.Add(1)
	if err != nil {
		// The writer's backstop checkpoint still bounds the WAL.
		c.logger.Warn("wal checkpoint failed", "error", err)
	}
}

// close stops the checkpointer; the writer's close checkpoints the rest.
func (c *checkpointer) close() error {
	close(c.done)
	<-c.stopped
	return c.db.Close()
}
