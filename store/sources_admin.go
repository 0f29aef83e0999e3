package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tipwire/tipwire"
)

// SourceByURL returns the source stored with exactly url, or ErrNotFound.
func (s *Store) SourceByURL(ctx context.Context, url string) (tipwire.Source, error) {
	return s.sourceWhere(ctx, "url = ?1", url)
}

// SourceByID returns the source with id, or ErrNotFound.
func (s *Store) SourceByID(ctx context.Context, id int64) (tipwire.Source, error) {
	return s.sourceWhere(ctx, "id = ?1", id)
}

func (s *Store) sourceWhere(ctx context.Context, where string, arg any) (tipwire.Source, error) {
	var src tipwire.Source
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		src, err = scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE `+where, arg))
		return err
	})
	if err != nil {
		return tipwire.Source{}, fmt.Errorf("store: source %v: %w", arg, err)
	}
	return src, nil
}

// AddSource stores src as a command-line source (its Origin is ignored): a new URL is inserted, and
// a stored one (removed, or dropped from config.yaml) becomes origin "cli"
// and active again, keeping its fetch state and items. A non-empty name
// replaces the stored one.
func (s *Store) AddSource(ctx context.Context, src tipwire.Source) (tipwire.Source, error) {
	var out tipwire.Source
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = upsertSource(ctx, tx, src, tipwire.OriginCLI, "origin = excluded.origin, status = '',", s.now())
		return err
	})
	if err != nil {
		return tipwire.Source{}, fmt.Errorf("store: adopt source %s: %w", src.URL, err)
	}
	return out, nil
}

// SetSourceStatus records a source's status (tipwire.StatusActive,
// StatusGone or StatusRemoved).
func (s *Store) SetSourceStatus(ctx context.Context, id int64, status string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return expectOne(tx.ExecContext(ctx, `UPDATE sources SET status = ?2 WHERE id = ?1`, id, status))
	})
	if err != nil {
		return fmt.Errorf("store: set status of source %d: %w", id, err)
	}
	return nil
}

// MoveSource changes a source's URL after a permanent redirect, keeping its
// id, state and items. It changes nothing and returns false when another
// source already has newURL: two rows for one feed would fetch it twice and
// split its outlets.
func (s *Store) MoveSource(ctx context.Context, id int64, newURL string) (bool, error) {
	moved := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ?1 AND id <> ?2`, newURL, id).Scan(&other)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		moved = true
		return expectOne(tx.ExecContext(ctx, `UPDATE sources SET url = ?2 WHERE id = ?1`, id, newURL))
	})
	if err != nil {
		return false, fmt.Errorf("store: move source %d to %s: %w", id, newURL, err)
	}
	return moved, nil
}

func expectOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// SourceStats returns every stored source, removed ones included, oldest
// first, with the number of items it carried and how many of those matched
// a topic. Polled is left false: only the daemon knows what is configured.
func (s *Store) SourceStats(ctx context.Context) ([]tipwire.SourceStats, error) {
	var out []tipwire.SourceStats
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanSourceStats, `SELECT `+sourceColumns+`,
			(SELECT count(*) FROM outlets o WHERE o.source_id = s.id),
			(SELECT count(*) FROM outlets o WHERE o.source_id = s.id
				AND EXISTS (SELECT 1 FROM matches m WHERE m.item_id = o.item_id))
			FROM sources s ORDER BY s.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: source stats: %w", err)
	}
	return out, nil
}

// scanSourceStats reads sourceColumns followed by the two counts.
func scanSourceStats(rows *sql.Rows) (tipwire.SourceStats, error) {
	var st tipwire.SourceStats
	var err error
	st.Source, err = scanSource(rows, &st.Items, &st.Matches)
	return st, err
}
