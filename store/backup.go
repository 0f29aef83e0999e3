package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO:
// one read transaction, so the copy is a snapshot even while fetch passes
// write, and compact, without the WAL. path must not exist yet. The copy is a
// complete tipwire database: stop tipwire, put it in place of the db file
// (removing any -wal and -shm files beside it) and start again to restore.
func (s *Store) Backup(ctx context.Context, path string) error {
	if err := checkPath(path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("store: backup to %s: %w", path, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := s.vacuumInto(ctx, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO on a connection of its own: the read pool is
// query_only, which refuses VACUUM, and the writer would hold up fetch passes
// for as long as the copy takes. In WAL mode the copy is one read
// transaction, so writers carry on.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", s.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "VACUUM INTO ?1", path)
	return err
}
