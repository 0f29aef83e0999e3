package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/tipwire/tipwire"
)

// rematchBatch is how many items one re-match transaction rewrites: small
// enough that the writer is never held for long, large enough that a big
// database is not one commit per item.
const rematchBatch = 500

// settingTopics names the fingerprint of the topics the stored matches were
// computed with.
const settingTopics = "topics_fingerprint"

// RematchStats counts what Rematch did.
type RematchStats struct {
	Items   int // items examined
	Changed int // items whose set of matched topics changed
	Matched int // items that match at least one topic now
}

// TopicsFingerprint returns the fingerprint recorded by the last Rematch or
// SetTopicsFingerprint, or "" when none was recorded.
func (s *Store) TopicsFingerprint(ctx context.Context) (string, error) {
	return s.setting(ctx, settingTopics)
}

// SetTopicsFingerprint records the fingerprint of the topics the stored
// matches agree with.
func (s *Store) SetTopicsFingerprint(ctx context.Context, fp string) error {
	return s.putSetting(ctx, settingTopics, fp)
}

// setting reads a value of the settings table, "" when it was never set.
func (s *Store) setting(ctx context.Context, name string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?1`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: read setting %s: %w", name, err)
	}
	return v, nil
}

func (s *Store) putSetting(ctx context.Context, name, value string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?1, ?2)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record setting %s: %w", name, err)
	}
	return nil
}

// Rematch recomputes the matches of every stored item with match, in
// batches of one write transaction each, oldest item first, and then records
// fp as the topics fingerprint. Items are given to match with their text,
// categories and outlets; their matches are replaced (an item that matches
// nothing now loses its matches, and stays stored), and an item that
// matches is published as if it had matched when it arrived. If ctx ends half-way the
// fingerprint is not recorded, so the next start finishes the job.
func (s *Store) Rematch(ctx context.Context, match func(tipwire.Item) []tipwire.Match, fp string) (RematchStats, error) {
	var st RematchStats
	err := s.eachItemPage(ctx, func(ids []int64, items []tipwire.Item) error {
		return s.replaceMatches(ctx, ids, items, match, &st)
	})
	if err != nil {
		return st, err
	}
	return st, s.SetTopicsFingerprint(ctx, fp)
}

// eachItemPage calls fn with every stored item, a batch (rematchPage) at a
// time, oldest first, stopping at the first error.
func (s *Store) eachItemPage(ctx context.Context, fn func(ids []int64, items []tipwire.Item) error) error {
	for after := int64(0); ; {
		ids, items, err := s.rematchPage(ctx, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		if err := fn(ids, items); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// rematchPage reads the next batch of items after the id after, with their
// outlets' names.
func (s *Store) rematchPage(ctx context.Context, after int64) ([]int64, []tipwire.Item, error) {
	type row struct {
		id int64
		it tipwire.Item
	}
	var rows []row
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		rows, err = queryAll(ctx, tx, func(r *sql.Rows) (row, error) {
			id, it, err := scanRematch(r)
			return row{id, it}, err
		}, `SELECT i.id, i.title, i.summary, i.content, i.categories,
			coalesce((SELECT json_group_array(name) FROM (SELECT DISTINCT o.name FROM outlets o
				WHERE o.item_id = i.id AND o.name <> '' ORDER BY o.name)), '[]'),
			coalesce((SELECT json_group_array(tag) FROM tags g WHERE g.item_id = i.id), '[]')
			FROM items i WHERE i.id > ?1 ORDER BY i.id LIMIT ?2`, after, rematchBatch)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: read items to re-match: %w", err)
	}
	ids, items := make([]int64, len(rows)), make([]tipwire.Item, len(rows))
	for i, r := range rows {
		ids[i], items[i] = r.id, r.it
	}
	return ids, items, nil
}

func scanRematch(rows *sql.Rows) (int64, tipwire.Item, error) {
	var id int64
	var it tipwire.Item
	var cats, outlets, tags string
	if err := rows.Scan(&id, &it.Title, &it.Summary, &it.Content, &cats, &outlets, &tags); err != nil {
		return 0, it, err
	}
	var err error
	if it.Categories, err = decStrings(cats); err != nil {
		return 0, it, err
	}
	// Stored tags, so tag: rules hold on a re-match too.
	if it.Tags, err = decStrings(tags); err != nil {
		return 0, it, err
	}
	names, err := decStrings(outlets)
	if err != nil {
		return 0, it, err
	}
	for _, n := range names {
		it.Outlets = append(it.Outlets, tipwire.Outlet{Name: n})
	}
	if len(names) > 0 {
		it.Outlet = names[0]
	}
	return id, it, nil
}

// replaceMatches matches one batch and rewrites its matches in one
// transaction. An item that matches now is published if it was not (see
// promote); one that matched and matches nothing now leaves the search
// index.
func (s *Store) replaceMatches(ctx context.Context, ids []int64, items []tipwire.Item, match func(tipwire.Item) []tipwire.Match, stats *RematchStats) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		b := s.newBatch(ctx, tx, 0)
		for i, id := range ids {
			ms := match(items[i])
			if err := checkMatches(ms); err != nil {
				return fmt.Errorf("item %d: %w", id, err)
			}
			before, after, err := rewriteMatches(ctx, tx, b.st, id, ms)
			if err != nil {
				return err
			}
			switch {
			case len(after) > 0:
				err = b.promote(id, b.now)
			case len(before) > 0:
				err = b.demote(id)
			}
			if err != nil {
				return err
			}
			stats.Items++
			if !slices.Equal(before, after) {
				stats.Changed++
			}
			if len(ms) > 0 {
				stats.Matched++
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: re-match items: %w", err)
	}
	return nil
}

// rewriteMatches replaces one item's matches and returns its topics
// before and after, sorted.
func rewriteMatches(ctx context.Context, tx *sql.Tx, st *stmts, id int64, ms []tipwire.Match) (before, after []string, err error) {
	if before, err = matchedTopics(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	if _, err := st[deleteMatches].ExecContext(ctx, id); err != nil {
		return nil, nil, err
	}
	if err := storeMatches(ctx, st, insertMatch, id, ms); err != nil {
		return nil, nil, err
	}
	after = make([]string, 0, len(ms))
	for _, m := range ms {
		after = append(after, m.Topic)
	}
	slices.Sort(after)
	return before, after, nil
}

// matchedTopics lists the topics an item matches now, sorted.
func matchedTopics(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	return queryAll(ctx, tx, func(r *sql.Rows) (string, error) {
		var t string
		return t, r.Scan(&t)
	}, `SELECT topic FROM matches WHERE item_id = ?1 ORDER BY topic`, id)
}
