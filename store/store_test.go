package store

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteTransactionsAreImmediate proves the driver honours
// _txlock=immediate: while a write transaction of the store is open and has
// not written anything yet, another connection cannot take the write lock.
// With a deferred BEGIN it could, and two writers would later deadlock
// into SQLITE_BUSY ("database is locked") instead of waiting.
func TestWriteTransactionsAreImmediate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, _ := openAt(t, path)
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	if err == nil {
		_, _ = other.ExecContext(ctx, "ROLLBACK")
		t.Fatal("another connection took the write lock while a store transaction was open")
	}
	if !strings.Contains(err.Error(), "locked") && !strings.Contains(err.Error(), "BUSY") {
		t.Fatalf("BEGIN IMMEDIATE elsewhere: %v, want SQLITE_BUSY", err)
	}
}

func TestJournalModeIsWAL(t *testing.T) {
	s, _ := newStore(t)
	var mode string
	if err := s.r.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q (err %v), want wal", mode, err)
	}
}

func TestReadPoolRefusesWrites(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.r.Exec("DELETE FROM sources"); err == nil {
		t.Fatal("the read pool accepted a write")
	}
}

func TestOpenRejectsBadPaths(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db", filepath.Join(t.TempDir(), "a?b.db")} {
		t.Run(path, func(t *testing.T) {
			s, err := Open(context.Background(), path, nil)
			if err == nil {
				_ = s.Close()
				t.Fatalf("Open(%q) succeeded", path)
			}
		})
	}
}

func TestPing(t *testing.T) {
	s, _ := newStore(t)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping with a cancelled context succeeded")
	}
}

func TestTimeCodec(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero is null", time.Time{}, time.Time{}},
		{"nanoseconds survive", t0, t0},
		{"zone becomes UTC", t0.In(time.FixedZone("X", -5*3600)), t0},
		{"far future clamps", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, math.MaxInt64).UTC()},
		{"far past clamps", time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, math.MinInt64).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n sql.NullInt64
			if v := encTime(tt.in); v != nil {
				n = sql.NullInt64{Int64: v.(int64), Valid: true}
			}
			got := decTime(n)
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("round trip of %v = %v, want %v in UTC", tt.in, got, tt.want)
			}
		})
	}
}
