package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
)

// checkpointEvery is how many commits pass between two checkpoints: a few
// hundred pages each, about SQLite's own default of every 1000 WAL pages.
const checkpointEvery = 4

// backstopPages is the writer's own wal_autocheckpoint: it checkpoints
// only when the WAL has grown this far, should the checkpointer fall
// behind.
const backstopPages = 10000

// checkpointer copies the WAL back into the database file on a connection
// of its own, so that the writer's commits do not: the commit that crosses
// SQLite's threshold would otherwise hold the writer while it copies. A
// PASSIVE checkpoint never blocks the writer or readers; it copies what no
// reader still needs.
// Kept because it pays: docs/benchmarks.md, row "checkpointer (store/checkpoint.go)".
type checkpointer struct {
	db      *sql.DB
	logger  *slog.Logger
	commits atomic.Int64
	busy    chan struct{} // held while a checkpoint runs; buffered 1
	running sync.WaitGroup
	runs    atomic.Int64 // checkpoints run, for tests
}

func startCheckpointer(path string, logger *slog.Logger) (*checkpointer, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("open checkpoint connection: %w", err)
	}
	db.SetMaxOpenConns(1)
	return &checkpointer{db: db, logger: logger, busy: make(chan struct{}, 1)}, nil
}

// committed tells the checkpointer a write transaction committed; every
// checkpointEvery-th call starts a checkpoint unless one is running.
func (c *checkpointer) committed() {
	if c.commits.Add(1)%checkpointEvery != 0 {
		return
	}
	select {
	case c.busy <- struct{}{}:
	default:
		return
	}
	c.running.Go(func() {
		defer func() { <-c.busy }()
		c.runs.Add(1)
		if _, err := c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			// The writer's backstop checkpoint still bounds the WAL.
			c.logger.Warn("wal checkpoint failed", "error", err)
		}
	})
}

// close waits for a running checkpoint; the writer's close checkpoints
// the rest.
func (c *checkpointer) close() error {
	c.running.Wait()
	return c.db.Close()
}
