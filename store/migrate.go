package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strconv"
	"strings"
)

// ErrSchemaTooNew is returned by Open when the database was migrated by a
// newer tipwire than this one: its schema may mean things this binary does
// not know, so it is not touched.
var ErrSchemaTooNew = errors.New("database schema is newer than this tipwire")

// migrationFiles holds the schema steps, NNNN_name.sql, applied in order.
// Append-only: a released step is never edited, the next one is added.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	return loadMigrations(migrationFiles, "migrations")
}

// loadMigrations reads dir's NNNN_name.sql files and checks they number
// 1, 2, 3... without gaps, since PRAGMA user_version counts steps.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir) // sorted by name
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		m, err := readMigration(fsys, dir, e.Name())
		if err != nil {
			return nil, err
		}
		if m.version != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: want version %d", e.Name(), len(ms)+1)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func readMigration(fsys fs.FS, dir, name string) (migration, error) {
	num, _, ok := strings.Cut(name, "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || v < 1 {
		return migration{}, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
	}
	b, err := fs.ReadFile(fsys, path.Join(dir, name))
	if err != nil {
		return migration{}, fmt.Errorf("migration %s: %w", name, err)
	}
	return migration{version: v, name: name, sql: string(b)}, nil
}

// migrate brings db up to the last of ms, one transaction per step. The
// version is re-read inside each step's (immediate) transaction, so two
// processes opening a new database at once do not apply a step twice.
func migrate(ctx context.Context, db *sql.DB, ms []migration, logger *slog.Logger) error {
	v, err := userVersion(ctx, db)
	if err != nil {
		return err
	}
	if v > len(ms) {
		return fmt.Errorf("%w: it is at version %d, this tipwire knows up to %d; upgrade tipwire or use another database", ErrSchemaTooNew, v, len(ms))
	}
	for _, m := range ms[v:] {
		applied, err := applyMigration(ctx, db, m, len(ms))
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if applied {
			logger.Info("database migrated", "version", m.version, "migration", m.name)
		}
	}
	return nil
}

func userVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration, known int) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }() // no-op after Commit
	v, err := userVersion(ctx, tx)
	switch {
	case err != nil:
		return false, err
	case v > known:
		return false, fmt.Errorf("%w: it is at version %d, this tipwire knows up to %d", ErrSchemaTooNew, v, known)
	case v >= m.version:
		return false, nil // another process got here first
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, err
	}
	// PRAGMA takes no bound parameters; the value is our own integer.
	// user_version lives in the database header, so it commits or rolls
	// back with the step.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
