package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tipwire/tipwire"
)

// nanosPerDay turns stored unix nanoseconds into UTC day numbers.
const nanosPerDay = int64(24 * time.Hour)

// MatchesPerDay counts, per topic and UTC day, the matched stories (items of
// one story count once) first seen at or after since, ordered by topic then
// day. Days without items are left out.
func (s *Store) MatchesPerDay(ctx context.Context, since time.Time) ([]tipwire.DayCount, error) {
	var out []tipwire.DayCount
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(r *sql.Rows) (tipwire.DayCount, error) {
			var c tipwire.DayCount
			var day int64
			err := r.Scan(&c.Topic, &day, &c.Count)
			c.Day = time.Unix(0, day*nanosPerDay).UTC()
			return c, err
		}, `SELECT m.topic, i.first_seen / ?2 AS day, count(DISTINCT coalesce(i.story_id, i.id))
			FROM items i JOIN matches m ON m.item_id = i.id
			WHERE i.first_seen >= ?1
			GROUP BY m.topic, day ORDER BY m.topic, day`, encTimeNotNull(since), nanosPerDay)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: matches per day: %w", err)
	}
	return out, nil
}

// Size returns the size of the database in bytes (its pages; the WAL file,
// which checkpoints fold back in, is not counted).
func (s *Store) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx,
		`SELECT p.page_count * s.page_size FROM pragma_page_count() p, pragma_page_size() s`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: size: %w", err)
	}
	return n, nil
}
