package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/tipwire/tipwire/store"
)

// cmdBackup writes a consistent copy of the database to FILE with VACUUM
// INTO, safe while `tipwire run` is writing. It opens only the store: no
// seeds are stored and no source is touched. To restore, stop tipwire,
// replace the db file with the copy (deleting the old -wal and -shm files)
// and start it again.
func cmdBackup(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "tipwire backup: usage: tipwire backup FILE (a file that does not exist yet)")
		return exitConfig
	}
	dest := fs.Arg(0)
	// Opening a missing database would create an empty one to back up.
	if _, err := os.Stat(cfg.DB); err != nil {
		return fail(e, fmt.Errorf("database %s: %w", cfg.DB, err))
	}
	st, err := store.Open(ctx, cfg.DB, newLogger(e.stderr, cfg.Log))
	if err != nil {
		return fail(e, fmt.Errorf("open database %s: %w", cfg.DB, err))
	}
	defer st.Close()
	if err := st.Backup(ctx, dest); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.DB, dest)
	return exitOK
}
