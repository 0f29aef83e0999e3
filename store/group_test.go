package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/tipwire/tipwire"
)

// groupOf runs writes as one group: a first write holds the writer until
// every other one has queued behind it (synctest.Wait: all goroutines of
// the bubble are blocked), then they run together. It returns each one's
// error, in order.
func groupOf(t *testing.T, s *Store, writes ...func() error) []error {
	t.Helper()
	release := make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- s.writeGrouped(context.Background(), func(*sql.Tx) error { <-release; return nil })
	}()
	synctest.Wait() // the holder leads and waits for release
	errs := make([]error, len(writes))
	done := make(chan struct{}, len(writes))
	for i, w := range writes {
		go func() { errs[i] = w(); done <- struct{}{} }()
	}
	synctest.Wait() // every write is queued
	s.group.mu.Lock()
	n := len(s.group.queue)
	s.group.mu.Unlock()
	if n != len(writes) {
		t.Fatalf("%d writes queued, want %d", n, len(writes))
	}
	close(release)
	if err := <-held; err != nil {
		t.Fatalf("holding write: %v", err)
	}
	for range writes {
		<-done
	}
	return errs
}

func saveFn(s *Store, id int64, etag string, items []tipwire.Item) func() error {
	return func() error {
		st := stateOK()
		st.ETag = etag
		_, err := s.SaveFetch(context.Background(), id, st, items)
		return err
	}
}

// etags returns each source's stored ETag, by id.
func etags(t *testing.T, s *Store) map[int64]string {
	t.Helper()
	srcs, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, src := range srcs {
		out[src.ID] = src.State.ETag
	}
	return out
}

func TestGroupWriteFailsAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss", "https://c.example/rss")
		if _, err := s.w.Exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON items WHEN NEW.title = 'poison'
			BEGIN SELECT RAISE(ABORT, 'poisoned item'); END`); err != nil {
			t.Fatal(err)
		}
		bad := stories(10, 20)
		bad[5].Title = "poison"
		errs := groupOf(t, s,
			saveFn(s, ids[0], `"a"`, stories(0, 10)),
			saveFn(s, ids[1], `"b"`, bad),
			saveFn(s, ids[2], `"c"`, stories(20, 30)))
		if errs[0] != nil || errs[2] != nil {
			t.Fatalf("good writes failed: %v, %v", errs[0], errs[2])
		}
		if errs[1] == nil || !strings.Contains(errs[1].Error(), "poisoned item") {
			t.Fatalf("poisoned write: err = %v", errs[1])
		}
		if n := count(t, s, "items"); n != 20 {
			t.Errorf("items = %d, want the 20 of the good writes", n)
		}
		want := map[int64]string{ids[0]: `"a"`, ids[1]: "", ids[2]: `"c"`}
		for id, etag := range etags(t, s) {
			if etag != want[id] {
				t.Errorf("source %d ETag = %q, want %q", id, etag, want[id])
			}
		}
	})
}

// A commit that fails is retried write by write, so only the write that
// broke it fails.
func TestGroupCommitFailureFailsAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss")
		// A deferred foreign key is checked at commit only.
		if _, err := s.w.Exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
			CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
			t.Fatal(err)
		}
		errs := groupOf(t, s,
			saveFn(s, ids[0], `"a"`, stories(0, 10)),
			func() error {
				return s.writeGrouped(context.Background(), func(tx *sql.Tx) error {
					_, err := tx.Exec(`INSERT INTO child VALUES (99)`)
					return err
				})
			},
			saveFn(s, ids[1], `"b"`, stories(10, 20)))
		if errs[0] != nil || errs[2] != nil {
			t.Errorf("good writes failed: %v, %v", errs[0], errs[2])
		}
		if errs[1] == nil || !strings.Contains(errs[1].Error(), "FOREIGN KEY") {
			t.Errorf("breaking write: err = %v, want the commit's error", errs[1])
		}
		if n := count(t, s, "items"); n != 20 {
			t.Errorf("items = %d, want the 20 of the good writes", n)
		}
		if n := count(t, s, "child"); n != 0 {
			t.Errorf("child rows = %d, want none", n)
		}
	})
}

// A panic in one write fails that write and no other, and leaves no caller
// waiting.
func TestGroupWritePanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		ids := addSources(t, s, "https://a.example/rss")
		errs := groupOf(t, s,
			func() error {
				return s.writeGrouped(context.Background(), func(*sql.Tx) error { panic("bug") })
			},
			saveFn(s, ids[0], `"a"`, stories(0, 10)))
		if errs[0] == nil || !strings.Contains(errs[0].Error(), "panic in write: bug") {
			t.Errorf("panicking write: err = %v", errs[0])
		}
		if errs[1] != nil {
			t.Errorf("other write: %v", errs[1])
		}
		if n := count(t, s, "items"); n != 10 {
			t.Errorf("items = %d, want 10", n)
		}
	})
}

// A write whose context ends while it waits for its group is not run.
func TestGroupSkipsCancelledWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		ids := addSources(t, s, "https://a.example/rss")
		ctx, cancel := context.WithCancel(context.Background())
		ran := false
		errs := groupOf(t, s, func() error {
			cancel()
			return s.writeGrouped(ctx, func(*sql.Tx) error { ran = true; return nil })
		}, saveFn(s, ids[0], `"a"`, stories(0, 3)))
		if ran || errs[0] != context.Canceled {
			t.Errorf("cancelled write ran=%v err=%v, want not run and context.Canceled", ran, errs[0])
		}
		if errs[1] != nil {
			t.Errorf("other write: %v", errs[1])
		}
	})
}

// Writes queued together commit once, and a caller whose write another
// caller's group ran commits nothing of its own.
func TestGroupCommitsOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := newStore(t)
		ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss", "https://c.example/rss")
		before := s.cp.commits.Load()
		errs := groupOf(t, s,
			saveFn(s, ids[0], `"a"`, stories(0, 10)),
			saveFn(s, ids[1], `"b"`, stories(10, 20)),
			saveFn(s, ids[2], `"c"`, stories(20, 30)))
		for i, err := range errs {
			if err != nil {
				t.Errorf("write %d: %v", i, err)
			}
		}
		synctest.Wait()
		// The holding write's group, then the three queued behind it.
		if n := s.cp.commits.Load() - before; n != 2 {
			t.Errorf("%d commits, want 2", n)
		}
	})
}
