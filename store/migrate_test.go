package store

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tipwire/tipwire"
)

func TestOpenTwiceIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "t.db")
	s1, err := Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := addSources(t, s1, "https://a.example/feed")
	saveFetch(t, s1, ids[0], stateOK(), stories(0, 3))
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	s2, _ := openAt(t, path)
	v, err := userVersion(context.Background(), s2.w)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if v != len(ms) {
		t.Errorf("user_version = %d, want %d", v, len(ms))
	}
	if got := len(allItems(t, s2)); got != 3 {
		t.Errorf("items after reopen = %d, want 3", got)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, _ := openAt(t, path)
	if _, err := s.w.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, nil)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open of a newer database: err = %v, want ErrSchemaTooNew", err)
	}
	for _, want := range []string{"version 999", "upgrade tipwire", path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestMigrationStepsApplyInOrderAndFailAtomically(t *testing.T) {
	base, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	good := migration{version: len(base) + 1, name: "good.sql", sql: "CREATE TABLE extra (x INTEGER);"}
	bad := migration{version: len(base) + 2, name: "bad.sql", sql: "CREATE TABLE half (x INTEGER); SELECT nope FROM nowhere;"}
	path := filepath.Join(t.TempDir(), "t.db")
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)

	s, err := open(ctx, path, logger, func() ([]migration, error) { return append(base[:len(base):len(base)], good, bad), nil })
	if err == nil {
		_ = s.Close()
		t.Fatal("open with a failing migration succeeded")
	}
	if !strings.Contains(err.Error(), "bad.sql") {
		t.Errorf("error %q does not name the failing migration", err)
	}
	s, err = open(ctx, path, logger, func() ([]migration, error) { return append(base[:len(base):len(base)], good), nil })
	if err != nil {
		t.Fatalf("reopen without the bad step: %v", err)
	}
	defer s.Close()
	if v, _ := userVersion(ctx, s.w); v != good.version {
		t.Errorf("user_version = %d, want %d (the good step only)", v, good.version)
	}
	var n int
	if err := s.w.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").Scan(&n); err != nil || n != 0 {
		t.Errorf("table of the failed step exists (n=%d, err=%v); the step was not one transaction", n, err)
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    int
		wantErr string
	}{
		{"ordered", fstest.MapFS{"m/0001_a.sql": file("x"), "m/0002_b.sql": file("y"), "m/README": file("")}, 2, ""},
		{"gap", fstest.MapFS{"m/0001_a.sql": file("x"), "m/0003_c.sql": file("y")}, 0, "want version 2"},
		{"bad name", fstest.MapFS{"m/first.sql": file("x")}, 0, "NNNN_name.sql"},
		{"zero", fstest.MapFS{"m/0000_a.sql": file("x")}, 0, "NNNN_name.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := loadMigrations(tt.files, "m")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(ms) != tt.want {
				t.Fatalf("got %d migrations, err %v; want %d", len(ms), err, tt.want)
			}
		})
	}
}

func TestEmbeddedMigrationsLoad(t *testing.T) {
	ms, err := migrations()
	if err != nil || len(ms) == 0 || ms[0].name != "0001_init.sql" {
		t.Fatalf("migrations() = %d steps, err %v", len(ms), err)
	}
}

// An upgrade from migration 0010: the stored matches' fingerprint is
// forgotten, so the next start re-matches the items, and the re-match puts
// the matched ones' plain text, not their markup, in the new search index.
func TestMigrationReindexesPlainText(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db := openAtStep(t, path, 10)
	for _, q := range []string{
		`INSERT INTO settings (name, value) VALUES ('topics_fingerprint', 'fp-old')`,
		`INSERT INTO items (id, key, title, summary, first_seen, story_id)
			VALUES (1, 'k1', 'Raid frees workers', '<p class="lede">Forced labour on boats</p>', 1, 1)`,
		`INSERT INTO stories (id, key, first_seen, last_seen) VALUES (1, 'k1', 1, 1)`,
		`INSERT INTO matches (item_id, topic) VALUES (1, 'trafficking')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, _ := openAt(t, path)
	if fp, err := s.TopicsFingerprint(ctx); err != nil || fp != "" {
		t.Fatalf("fingerprint after the upgrade = %q, %v; want none", fp, err)
	}
	rematch(t, s, "trafficking")
	for q, want := range map[string]int{"labour": 1, "lede": 0, "class": 0} {
		items, err := s.Items(ctx, tipwire.ItemQuery{Query: q})
		if got := len(items); err != nil || got != want {
			t.Errorf("search %q after the re-match: %d stories (%v), want %d", q, got, err, want)
		}
	}
}

// openAtStep opens a new database at path migrated to step n only, so a
// test can store what that schema held and then upgrade it with Open.
// The caller closes it.
func openAtStep(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", writeDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(context.Background(), db, ms[:n], slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	return db
}
