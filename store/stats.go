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

// MatchesPerDay counts, per topic and UTC day of publication, the matched
// stories published at or after since, ordered by topic then day. A story's
// publication date is its head item's, or its first-seen time when it has
// none or a later one (a publisher's clock in the future), so an old report
// found today counts on its own day. Days without stories are left out.
func (s *Store) MatchesPerDay(ctx context.Context, since time.Time) ([]tipwire.DayCount, error) {
	var out []tipwire.DayCount
	from := encTimeNotNull(since)
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		// Published never exceeds first seen here, so the day bound on
		// first_seen (?3) is implied and lets SQLite range over
		// stories_day_order instead of reading every story.
		out, err = queryAll(ctx, tx, func(r *sql.Rows) (tipwire.DayCount, error) {
			var c tipwire.DayCount
			var day int64
			err := r.Scan(&c.Topic, &day, &c.Count)
			c.Day = time.Unix(0, day*nanosPerDay).UTC()
			return c, err
		}, `SELECT m.topic, min(coalesce(s.published, s.first_seen), s.first_seen) / ?2 AS day,
				count(DISTINCT s.id)
			FROM stories s JOIN items i ON i.story_id = s.id JOIN matches m ON m.item_id = i.id
			WHERE s.first_seen / 86400000000000 >= ?3 AND min(coalesce(s.published, s.first_seen), s.first_seen) >= ?1
			GROUP BY m.topic, day ORDER BY m.topic, day`, from, nanosPerDay, from/nanosPerDay)
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
