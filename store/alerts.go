package store

import (
	"context"
	"database/sql"
	"errors"
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

// DueDeliveries returns up to limit pending deliveries due at now, by
// channel, then due time.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]tipwire.Delivery, error) {
	var out []tipwire.Delivery
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, channel, story_key, route, digest, payload,
				created_at, next_attempt_at, attempts, last_error
			FROM alert_outbox
			WHERE delivered_at IS NULL AND next_attempt_at <= ?1
			ORDER BY channel, next_attempt_at, id LIMIT ?2`, encTimeNotNull(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				d             tipwire.Delivery
				payload       string
				created, next int64
			)
			if err := rows.Scan(&d.ID, &d.Channel, &d.StoryKey, &d.Route, &d.Digest, &payload,
				&created, &next, &d.Attempts, &d.LastError); err != nil {
				return err
			}
			d.Payload = []byte(payload)
			d.CreatedAt, d.NextAttemptAt = unixTime(created), unixTime(next)
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: due deliveries: %w", err)
	}
	return out, nil
}

// NextDelivery returns when the earliest pending delivery is due; ok is
// false when nothing is pending.
func (s *Store) NextDelivery(ctx context.Context) (at time.Time, ok bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM alert_outbox
			WHERE delivered_at IS NULL`).Scan(&n); err != nil {
			return err
		}
		at, ok = decTime(n), n.Valid
		return nil
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next delivery: %w", err)
	}
	return at, ok, nil
}

// DeliveryDone records that deliveries were delivered at at.
func (s *Store) DeliveryDone(ctx context.Context, ids []int64, at time.Time) error {
	return s.recordAttempt(ctx, ids, at, `UPDATE alert_outbox
		SET delivered_at = ?2, attempts = attempts + 1, last_error = '' WHERE id = ?1`, "", at)
}

// DeliveryFailed records a failed attempt at at and when to try again.
func (s *Store) DeliveryFailed(ctx context.Context, ids []int64, at, next time.Time, reason string) error {
	if reason == "" {
		reason = "failed"
	}
	return s.recordAttempt(ctx, ids, at, `UPDATE alert_outbox
		SET next_attempt_at = ?2, attempts = attempts + 1, last_error = ?3 WHERE id = ?1`, reason, next)
}

// recordAttempt runs update (?1 id, ?2 when, ?3 reason) for every id and
// logs the attempt, in one transaction.
func (s *Store) recordAttempt(ctx context.Context, ids []int64, at time.Time, update, reason string, when time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, update, id, encTimeNotNull(when), reason); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO alert_log (outbox_id, attempted_at, error)
				VALUES (?1, ?2, ?3)`, id, encTimeNotNull(at), reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record delivery attempt: %w", err)
	}
	return nil
}

// DeliveryLog returns the latest attempts, newest first, at most limit.
func (s *Store) DeliveryLog(ctx context.Context, limit int) ([]tipwire.DeliveryAttempt, error) {
	var out []tipwire.DeliveryAttempt
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.outbox_id, o.channel, o.story_key, l.attempted_at, l.error
			FROM alert_log l JOIN alert_outbox o ON o.id = l.outbox_id
			ORDER BY l.attempted_at DESC, l.id DESC LIMIT ?1`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				a  tipwire.DeliveryAttempt
				at int64
			)
			if err := rows.Scan(&a.DeliveryID, &a.Channel, &a.StoryKey, &at, &a.Error); err != nil {
				return err
			}
			a.At = unixTime(at)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: delivery log: %w", err)
	}
	return out, nil
}

// AlertState returns a named value of the alerting ("" when unset).
func (s *Store) AlertState(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM alert_state WHERE key = ?1`, key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: alert state %s: %w", key, err)
	}
	return v, nil
}

// SetAlertState sets a named value of the alerting.
func (s *Store) SetAlertState(ctx context.Context, key, value string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_state (key, value) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set alert state %s: %w", key, err)
	}
	return nil
}

func unixTime(n int64) time.Time { return decTime(sql.NullInt64{Int64: n, Valid: true}) }
