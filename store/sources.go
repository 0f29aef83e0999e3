package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tipwire/tipwire"
)

// sourceColumns are the columns scanSource reads, in its order.
const sourceColumns = `id, url, name, origin, etag, last_modified, last_checked_at,
	last_success_at, next_check_at, consecutive_errors, error_category, last_error, status`

// EnsureSources inserts the sources not stored yet (matched by URL) and
// updates the name of those that are (an empty name keeps the stored one).
// It never deletes a source and never resets fetch state, and a stored
// source keeps its origin. It returns the
// given sources as stored (with ID and State), in the given order; a URL
// given twice is stored once.
func (s *Store) EnsureSources(ctx context.Context, srcs []tipwire.Source) ([]tipwire.Source, error) {
	out := make([]tipwire.Source, 0, len(srcs))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, src := range srcs {
			if src.URL == "" {
				return fmt.Errorf("source %d has no url", i)
			}
			stored, err := upsertSource(ctx, tx, src, src.Origin, "", s.now())
			if err != nil {
				return fmt.Errorf("upsert source %s: %w", src.URL, err)
			}
			out = append(out, stored)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: ensure sources: %w", err)
	}
	return out, nil
}

// upsertSource inserts src with origin or, when its URL is stored, applies
// set (assignments of ON CONFLICT DO UPDATE, each followed by a comma) to
// that row; a non-empty name replaces the stored one either way. It
// returns the row as stored.
func upsertSource(ctx context.Context, tx *sql.Tx, src tipwire.Source, origin, set string, now time.Time) (tipwire.Source, error) {
	return scanSource(tx.QueryRowContext(ctx, `INSERT INTO sources (url, name, origin, created_at)
		VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (url) DO UPDATE
		SET `+set+` name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END
		RETURNING `+sourceColumns, src.URL, src.Name, origin, encTimeNotNull(now)))
}

// Sources returns every stored source, oldest first.
func (s *Store) Sources(ctx context.Context) ([]tipwire.Source, error) {
	var out []tipwire.Source
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(r *sql.Rows) (tipwire.Source, error) { return scanSource(r) },
			`SELECT `+sourceColumns+` FROM sources ORDER BY id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// queryAll runs a query and scans every row with scan, so callers do not
// repeat the rows loop and its Close/Err bookkeeping.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	return scanAll(rows, err, scan)
}

// scanAll is queryAll for the result of a query already run (a prepared
// statement's): it scans every row of rows unless err is set.
func scanAll[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err = eachRow(rows, err, func(r *sql.Rows) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow calls fn with every row of rows unless err is set, and closes
// rows: the rows loop with its Close and Err bookkeeping, once.
func eachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

// scanSource reads sourceColumns and then, into tail, the row's further
// columns.
func scanSource(row scanner, tail ...any) (tipwire.Source, error) {
	var (
		src                  tipwire.Source
		checked, ok, nextDue sql.NullInt64
	)
	st := &src.State
	err := row.Scan(append([]any{&src.ID, &src.URL, &src.Name, &src.Origin, &st.ETag, &st.LastModified,
		&checked, &ok, &nextDue, &st.ConsecutiveErrors, &st.ErrorCategory, &st.LastError, &src.Status}, tail...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return tipwire.Source{}, ErrNotFound
	}
	if err != nil {
		return tipwire.Source{}, err
	}
	st.LastCheckedAt, st.LastSuccessAt, st.NextCheckAt = decTime(checked), decTime(ok), decTime(nextDue)
	return src, nil
}
