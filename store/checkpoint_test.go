package store

import (
	"context"
	"testing"
	"testing/synctest"
)

// Every checkpointEvery-th commit starts a checkpoint, which copies the
// WAL back on its own connection; the writer keeps only a high backstop.
func TestCheckpointerFollowsCommits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		id := addSources(t, s, "https://a.example/rss")[0]
		var backstop int
		if err := s.w.QueryRow("PRAGMA wal_autocheckpoint").Scan(&backstop); err != nil || backstop != backstopPages {
			t.Fatalf("writer's wal_autocheckpoint = %d (%v), want %d", backstop, err, backstopPages)
		}
		for i := range 3 * checkpointEvery {
			if _, err := s.SaveFetch(context.Background(), id, stateOK(), stories(10*i, 10*i+10)); err != nil {
				t.Fatal(err)
			}
			synctest.Wait() // the checkpointer is idle again
		}
		commits, runs := s.cp.commits.Load(), s.cp.runs.Load()
		// A commit that finds a checkpoint running starts none.
		if most := commits / checkpointEvery; runs > most || runs < 3 {
			t.Errorf("%d checkpoints after %d commits, want 3 to %d", runs, commits, most)
		}
		// The items are all there, read through the readers' pool.
		if n := len(allItems(t, s)); n != 3*checkpointEvery*10 {
			t.Errorf("%d items readable, want %d", n, 3*checkpointEvery*10)
		}
	})
}
