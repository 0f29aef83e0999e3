package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// encTime stores a time as UTC unix nanoseconds: integers sort and compare
// fast and round-trip exactly. The zero time is NULL ("unknown"). Times
// outside int64 nanoseconds (years before 1678 or after 2262, which only a
// broken feed produces) are clamped rather than allowed to wrap around.
func encTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return encTimeNotNull(t)
}

// encTimeNotNull is encTime for NOT NULL columns; the zero time never
// reaches them.
func encTimeNotNull(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

func decTime(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return unixTime(n.Int64)
}

// unixTime decodes a NOT NULL time column.
func unixTime(n int64) time.Time { return time.Unix(0, n).UTC() }

// encStrings stores a string list as a JSON array ("[]" for none, never
// "null", so json_each works on every row).
func encStrings(list []string) string {
	if len(list) == 0 {
		return "[]"
	}
	b, err := json.Marshal(list)
	if err != nil {
		// Marshalling []string cannot fail; keep the row valid regardless.
		return "[]"
	}
	return string(b)
}

func decStrings(s string) ([]string, error) {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, fmt.Errorf("decode %q: %w", s, err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}
