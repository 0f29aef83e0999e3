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

// TopicsFingerprint returns the fingerprint recorded by the last Rematch,
// or "" when none was recorded.
func (s *Store) TopicsFingerprint(ctx context.Context) (string, error) {
	return s.setting(ctx, settingTopics)
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
	err := s.rewriteEach(ctx, func(b *batch, id int64, it tipwire.Item) error {
		ms := match(it)
		changed, err := b.rematch(id, ms)
		if err != nil {
			return err
		}
		st.Items++
		if changed {
			st.Changed++
		}
		if len(ms) > 0 {
			st.Matched++
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("store: re-match items: %w", err)
	}
	return st, s.putSetting(ctx, settingTopics, fp)
}

// storedItem is a stored item as Rematch and Retag read it.
type storedItem struct {
	id int64
	tipwire.Item
}

// rewriteEach calls fn with every stored item, oldest first, a page of
// rematchBatch items per write transaction (in a batch of no source),
// stopping at the first error.
func (s *Store) rewriteEach(ctx context.Context, fn func(b *batch, id int64, it tipwire.Item) error) error {
	for after := int64(0); ; {
		page, err := s.itemPage(ctx, after)
		if err != nil || len(page) == 0 {
			return err
		}
		err = s.write(ctx, func(tx *sql.Tx) error {
			b := s.newBatch(ctx, tx, 0)
			for _, p := range page {
				if err := fn(b, p.id, p.Item); err != nil {
					return fmt.Errorf("item %d: %w", p.id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		after = page[len(page)-1].id
	}
}

// itemPage reads the next rematchBatch items after the id after, with
// their outlets' names and their tags.
func (s *Store) itemPage(ctx context.Context, after int64) ([]storedItem, error) {
	var page []storedItem
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		page, err = queryAll(ctx, tx, scanStoredItem, `SELECT i.id, i.title, i.summary, i.content, i.categories,
			coalesce((SELECT json_group_array(name) FROM (SELECT DISTINCT o.name FROM outlets o
				WHERE o.item_id = i.id AND o.name <> '' ORDER BY o.name)), '[]'),
			coalesce((SELECT json_group_array(tag) FROM tags g WHERE g.item_id = i.id), '[]')
			FROM items i WHERE i.id > ?1 ORDER BY i.id LIMIT ?2`, after, rematchBatch)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	return page, nil
}

func scanStoredItem(rows *sql.Rows) (storedItem, error) {
	var si storedItem
	it := &si.Item
	var cats, outlets, tags string
	if err := rows.Scan(&si.id, &it.Title, &it.Summary, &it.Content, &cats, &outlets, &tags); err != nil {
		return si, err
	}
	var err error
	if it.Categories, err = decStrings(cats); err != nil {
		return si, err
	}
	// Stored tags, so tag: rules hold on a re-match too.
	if it.Tags, err = decStrings(tags); err != nil {
		return si, err
	}
	names, err := decStrings(outlets)
	if err != nil {
		return si, err
	}
	for _, n := range names {
		it.Outlets = append(it.Outlets, tipwire.Outlet{Name: n})
	}
	if len(names) > 0 {
		it.Outlet = names[0]
	}
	return si, nil
}

// rematch replaces item id's matches with ms and reports whether its set
// of topics changed. An item that matches now is published if it was not
// (see promote); one that matched and matches nothing now leaves the
// search index.
func (b *batch) rematch(id int64, ms []tipwire.Match) (changed bool, err error) {
	if err := checkMatches(ms); err != nil {
		return false, err
	}
	before, err := queryAll(b.ctx, b.tx, func(r *sql.Rows) (string, error) {
		var t string
		return t, r.Scan(&t)
	}, `SELECT topic FROM matches WHERE item_id = ?1 ORDER BY topic`, id)
	if err != nil {
		return false, err
	}
	if err := b.replaceMatches(id, ms); err != nil {
		return false, err
	}
	switch {
	case len(ms) > 0:
		err = b.promote(id, b.now)
	case len(before) > 0:
		err = b.demote(id)
	}
	after := make([]string, 0, len(ms))
	for _, m := range ms {
		after = append(after, m.Topic)
	}
	slices.Sort(after)
	return !slices.Equal(before, after), err
}
