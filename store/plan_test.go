package store

import (
	"strings"
	"testing"
)

// TestSavePathUsesIndexes checks the query plan of every statement of the
// save path: none may scan a table that grows with the database, so saving
// costs the same with a million items stored as with none (the benchmark
// BenchmarkSaveAtScale measures it).
func TestSavePathUsesIndexes(t *testing.T) {
	s, _ := newStore(t)
	for id, text := range statementSQL() {
		args := make([]any, strings.Count(text, "?"))
		rows, err := s.w.Query("EXPLAIN QUERY PLAN "+text, args...)
		if err != nil {
			t.Fatalf("statement %d: %v", id, err)
		}
		for rows.Next() {
			var a, b, c int
			var detail string
			if err := rows.Scan(&a, &b, &c, &detail); err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"items", "stories", "outlets", "matches", "story_docs", "story_keys", "tombstones", "sources"} {
				// A virtual table's plan (items_fts by rowid) says SCAN too.
				if strings.HasPrefix(detail, "SCAN "+table) && !strings.Contains(detail, "USING") &&
					!strings.Contains(detail, "VIRTUAL TABLE") {
					t.Errorf("statement %d scans %s: %s\n%s", id, table, detail, text)
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
