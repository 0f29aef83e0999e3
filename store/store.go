// Package store keeps tipwire's state in one SQLite file: the sources with
// their fetch state, the items, the outlets each item was seen in and the
// topics it matched. It is the only package that talks SQL.
//
// The database runs in WAL mode. Writes go through a pool of exactly one
// connection whose transactions begin IMMEDIATE, so tipwire's own writers
// queue in Go instead of fighting over SQLite locks, and a second process on
// the same file waits (busy_timeout) instead of failing half-way with
// "database is locked". Saves of concurrent fetches share one transaction
// and one commit (writeGrouped), and the WAL is copied back into the file
// by a checkpointer on its own connection rather than inside the writer's
// commits. Reads use a separate read-only pool and run concurrently with
// the writer.
//
// Dedup happens in SQL inside the write transaction; see SaveFetch for the
// rules and the key. Times are stored as UTC unix nanoseconds, so they
// round-trip exactly (time.Time.Equal) within years 1678 to 2262; times
// outside that range are clamped to it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a source id names no stored source.
var ErrNotFound = errors.New("not found")

// Store is an open tipwire database. It is safe for concurrent use.
type Store struct {
	w      *sql.DB // one connection; every transaction is BEGIN IMMEDIATE
	r      *sql.DB // read-only connections for concurrent reads
	path   string  // the database file
	stmts  *stmts  // prepared on w
	logger *slog.Logger
	now    func() time.Time
	window storyWindow // see SetStoryWindow
	group  group       // see writeGrouped
	cp     *checkpointer
	// unindexed holds the search index rows of the write transaction
	// running (see batch.index); only that transaction uses it.
	unindexed []ftsRow
}

// Open opens (creating if needed) the database at path, creating its parent
// directory, and migrates it to the current schema. It refuses a database
// written by a newer tipwire (ErrSchemaTooNew).
func Open(ctx context.Context, path string, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s, err := open(ctx, path, logger, migrations)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

func open(ctx context.Context, path string, logger *slog.Logger, load func() ([]migration, error)) (*Store, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create directory: %w", err)
	}
	ms, err := load()
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, logger: logger, now: time.Now, group: group{lead: make(chan struct{}, 1)}}
	if err := s.openPools(ctx, path, ms); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

func (s *Store) openPools(ctx context.Context, path string, ms []migration) error {
	var err error
	if s.w, err = sql.Open("sqlite", writeDSN(path)); err != nil {
		return err
	}
	// One connection that lives as long as the Store: writes are serialised
	// here, and the statements prepared on it stay prepared.
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := s.checkWAL(ctx); err != nil {
		return err
	}
	if err := migrate(ctx, s.w, ms, s.logger); err != nil {
		return err
	}
	if s.stmts, err = prepare(ctx, s.w); err != nil {
		return err
	}
	if s.r, err = sql.Open("sqlite", readDSN(path)); err != nil {
		return err
	}
	if s.cp, err = startCheckpointer(path, s.logger); err != nil {
		return err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	s.r.SetMaxOpenConns(n)
	s.r.SetMaxIdleConns(n)
	return s.r.PingContext(ctx)
}

// checkPath rejects paths the driver would misread: it cuts the DSN at the
// first '?'.
func checkPath(path string) error {
	switch {
	case path == "":
		return errors.New("empty database path")
	case strings.ContainsRune(path, '?'):
		return errors.New("database path must not contain '?'")
	case path == ":memory:" || strings.HasPrefix(path, "file:"):
		// A memory database would give each pooled connection its own
		// empty database.
		return errors.New("database path must be a file path")
	}
	return nil
}

func writeDSN(path string) string {
	return path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(5000)" +
		"&_pragma=journal_mode(wal)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(normal)" +
		// 8 MiB of page cache instead of 2. More buys nothing measurable
		// (BenchmarkSaveAtScale at 1M items: 32 and 128 MiB save no faster;
		// a save's cost there is the pages it dirties, not the ones it
		// reads) and costs resident memory: 32 MiB took tipwire bench's
		// peak RSS from 102 to 145 MiB.
		"&_pragma=cache_size(-8192)" +
		// See checkpointer: the writer checkpoints only as a backstop.
		"&_pragma=wal_autocheckpoint(" + strconv.Itoa(backstopPages) + ")" +
		// Statement journals keep the pages a statement changes in a
		// sub-journal; in memory rather than in a temporary file, that is
		// no system call per page.
		"&_pragma=temp_store(memory)"
}

// readDSN leaves journal_mode alone (WAL is a property of the file, set by
// the writer) and makes the connections refuse writes, so a mistake cannot
// bypass the single writer.
func readDSN(path string) string {
	return path + "?_pragma=busy_timeout(5000)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=query_only(1)"
}

// checkWAL verifies the journal mode took: some file systems (network
// mounts) cannot do WAL, and readers would then block the writer.
func (s *Store) checkWAL(ctx context.Context) error {
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		s.logger.Warn("sqlite is not in WAL mode; readers may block the writer", "journal_mode", mode)
	}
	return nil
}

// Close runs PRAGMA optimize and closes the database. The Store must not be
// used afterwards.
func (s *Store) Close() error {
	var errs []error
	if s.cp != nil {
		errs = append(errs, s.cp.close())
	}
	if s.stmts != nil {
		errs = append(errs, s.stmts.close())
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		// Keeps the query planner's statistics fresh; SQLite recommends it
		// before closing a long-lived connection.
		if _, err := s.w.Exec("PRAGMA optimize"); err != nil {
			s.logger.Warn("sqlite optimize failed", "err", err)
		}
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// write runs fn in one immediate write transaction, committing when fn
// succeeds and rolling back otherwise.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	s.unindexed = s.unindexed[:0]
	err = fn(tx)
	if err == nil && len(s.unindexed) > 0 {
		err = flushIndex(ctx, tx, s.stmts[indexText], s.unindexed)
	}
	if err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if s.cp != nil {
		s.cp.committed()
	}
	return nil
}

// read runs fn in one read transaction, so its queries see one snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Nothing to keep: a read transaction ends the same way either way.
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}
