package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tipwire/tipwire"
)

// EnqueueDeliveries adds deliveries to the alert outbox and returns how
// many were new. A delivery whose channel already has the story (pending or
// delivered) is ignored: a story alerts once per channel.
func (s *Store) EnqueueDeliveries(ctx context.Context, ds []tipwire.Delivery) (added int, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO alert_outbox
				(channel, story_key, route, digest, payload, created_at, next_attempt_at)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
				d.Channel, d.StoryKey, d.Route, d.Digest, string(d.Payload),
				encTimeNotNull(d.CreatedAt), encTimeNotNull(d.NextAttemptAt))
			if err != nil {
				return fmt.Errorf("queue %s for %s: %w", d.StoryKey, d.Channel, err)
			}
			n, _ := res.RowsAffected() // always supported by the sqlite driver
			added += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue deliveries: %w", err)
	}
	return added, nil
}

// DeliveryLog returns the latest attempts, newest first, at most limit.
func (s *Store) DeliveryLog(ctx context.Context, limit int) ([]tipwire.DeliveryAttempt, error) {
	var out []tipwire.DeliveryAttempt
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(r *sql.Rows) (tipwire.DeliveryAttempt, error) {
			var (
				a        tipwire.DeliveryAttempt
				at       int64
				finished sql.NullInt64
			)
			err := r.Scan(&a.DeliveryID, &a.Channel, &a.StoryKey, &at, &finished, &a.Error)
			a.At, a.Finished = unixTime(at), decTime(finished)
			return a, err
		}, `SELECT l.outbox_id, o.channel, o.story_key, l.attempted_at, l.finished_at, l.error
			FROM alert_log l JOIN alert_outbox o ON o.id = l.outbox_id
			ORDER BY l.attempted_at DESC, l.id DESC LIMIT ?1`, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: delivery log: %w", err)
	}
	return out, nil
}

// PendingDeliveries returns how many deliveries to channels are not
// delivered yet and when the oldest of them was queued (zero when none is
// pending). Deliveries to channels no longer configured are not counted:
// nothing will send them.
func (s *Store) PendingDeliveries(ctx context.Context, channels []string) (n int, oldest time.Time, err error) {
	list, err := json.Marshal(channels)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: pending deliveries: %w", err)
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		var first sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM alert_outbox
			WHERE delivered_at IS NULL AND channel IN (SELECT value FROM json_each(?1))`, string(list)).Scan(&n, &first)
		oldest = decTime(first)
		return err
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: pending deliveries: %w", err)
	}
	return n, oldest, nil
}

// MarkStoriesMatched records that the stories of keys are matched, as of
// at, and returns the keys not recorded before: stories new in the
// published feeds. Records older than forgetBefore are dropped; the
// caller passes a time before which no story it lists can have been first
// seen, so a dropped record never makes a story new again.
func (s *Store) MarkStoriesMatched(ctx context.Context, keys []string, at, forgetBefore time.Time) (fresh []string, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		fresh = fresh[:0]
		if _, err := tx.ExecContext(ctx, `DELETE FROM alert_stories WHERE first_matched_at < ?1`,
			encTimeNotNull(forgetBefore)); err != nil {
			return err
		}
		for _, k := range keys {
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO alert_stories (story_key, first_matched_at)
				VALUES (?1, ?2)`, k, encTimeNotNull(at))
			if err != nil {
				return fmt.Errorf("story %s: %w", k, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				fresh = append(fresh, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: mark matched stories: %w", err)
	}
	return fresh, nil
}
