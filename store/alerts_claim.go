package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/tipwire/tipwire"
)

// dueClaimable is the condition, on alert_outbox row o, of a delivery of
// channel ?3 that is due at ?4 and that nobody holds a live claim on.
const dueClaimable = `o.channel = ?3 AND o.delivered_at IS NULL AND o.next_attempt_at <= ?4
	AND (o.claim_expires_at IS NULL OR o.claim_expires_at <= ?4)`

// ClaimDeliveries claims, under the name claim until until, what one send
// to channel carries at now: its earliest due delivery alone, or, when that
// one is a digest alert, every due digest alert of the channel (at most
// limit). Deliveries claimed by someone else are skipped until their claim
// expires. The claim is one UPDATE in one write transaction, so two
// dispatchers (in one process or in several sharing the database) never
// hold the same delivery.
func (s *Store) ClaimDeliveries(ctx context.Context, channel, claim string, now, until time.Time, limit int) ([]tipwire.Delivery, error) {
	var out []tipwire.Delivery
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanDelivery, `UPDATE alert_outbox SET claimed_by = ?1, claim_expires_at = ?2
			WHERE id IN (
				SELECT o.id FROM alert_outbox o,
					(SELECT o.id, o.digest FROM alert_outbox o WHERE `+dueClaimable+`
						ORDER BY o.next_attempt_at, o.id LIMIT 1) f
				WHERE `+dueClaimable+` AND (o.id = f.id OR (f.digest AND o.digest))
				ORDER BY o.next_attempt_at, o.id LIMIT ?5)
			RETURNING id, channel, story_key, route, digest, payload, created_at, next_attempt_at,
				attempts, last_error, claimed_by, claim_expires_at`,
			claim, encTimeNotNull(until), channel, encTimeNotNull(now), limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries of %s: %w", channel, err)
	}
	// RETURNING follows no ORDER BY: restore the queue's order.
	slices.SortFunc(out, func(a, b tipwire.Delivery) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func scanDelivery(rows *sql.Rows) (tipwire.Delivery, error) {
	var (
		d             tipwire.Delivery
		payload       string
		created, next int64
		expires       sql.NullInt64
	)
	if err := rows.Scan(&d.ID, &d.Channel, &d.StoryKey, &d.Route, &d.Digest, &payload,
		&created, &next, &d.Attempts, &d.LastError, &d.ClaimedBy, &expires); err != nil {
		return d, fmt.Errorf("scan delivery: %w", err)
	}
	d.Payload = []byte(payload)
	d.CreatedAt, d.NextAttemptAt, d.ClaimExpiresAt = unixTime(created), unixTime(next), decTime(expires)
	return d, nil
}

// NextDelivery returns when channel's earliest pending delivery can next be
// sent: when it is due, or when the claim on it expires if that is later.
// ok is false when nothing of channel is pending.
func (s *Store) NextDelivery(ctx context.Context, channel string) (at time.Time, ok bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT min(max(next_attempt_at, coalesce(claim_expires_at, 0)))
			FROM alert_outbox WHERE channel = ?1 AND delivered_at IS NULL`, channel).Scan(&n); err != nil {
			return err
		}
		at, ok = decTime(n), n.Valid
		return nil
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next delivery of %s: %w", channel, err)
	}
	return at, ok, nil
}

// DeliveryDone records that the deliveries ids, sent under claim from
// started to finished, were delivered, and ends the claim. It returns how
// many were still held by claim: one taken over by another claim after
// this one expired is left to that claim (the receiver may get it twice).
// Every attempt is logged either way.
func (s *Store) DeliveryDone(ctx context.Context, claim string, ids []int64, started, finished time.Time) (kept int, err error) {
	return s.recordAttempt(ctx, claim, ids, attempt{started: started, finished: finished}, `UPDATE alert_outbox
		SET delivered_at = ?3, attempts = attempts + 1, last_error = '', claimed_by = '', claim_expires_at = NULL
		WHERE id = ?1 AND claimed_by = ?2`, finished)
}

// DeliveryFailed records a failed attempt under claim, sets when to try
// again, and ends the claim; kept is as for DeliveryDone.
func (s *Store) DeliveryFailed(ctx context.Context, claim string, ids []int64, started, finished, next time.Time, reason string) (kept int, err error) {
	if reason == "" {
		reason = "failed"
	}
	return s.recordAttempt(ctx, claim, ids, attempt{started: started, finished: finished, reason: reason}, `UPDATE alert_outbox
		SET next_attempt_at = ?3, attempts = attempts + 1, last_error = ?4, claimed_by = '', claim_expires_at = NULL
		WHERE id = ?1 AND claimed_by = ?2`, next)
}

// attempt is one send as the delivery log keeps it.
type attempt struct {
	started, finished time.Time
	reason            string // "" when delivered
}

// recordAttempt runs update (?1 id, ?2 claim, ?3 when, ?4 reason) for
// every id and logs the attempt, in one transaction.
func (s *Store) recordAttempt(ctx context.Context, claim string, ids []int64, a attempt, update string, when time.Time) (kept int, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		kept = 0
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, update, id, claim, encTimeNotNull(when), a.reason)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected() // always supported by the sqlite driver
			kept += int(n)
			if _, err := tx.ExecContext(ctx, `INSERT INTO alert_log (outbox_id, attempted_at, finished_at, error)
				VALUES (?1, ?2, ?3, ?4)`, id, encTimeNotNull(a.started), encTimeNotNull(a.finished), a.reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: record delivery attempt: %w", err)
	}
	return kept, nil
}
