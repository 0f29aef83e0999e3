package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
)

// pruneChunk is how many stories one prune transaction removes, so a first
// prune of a large old database does not hold the writer for long.
const pruneChunk = 500

// Prune deletes the stories whose newest item was first seen before
// before, with all their items, outlets and matches, and the items in no
// story (they matched no topic) first seen before before, and returns how
// many items it deleted. Every dedup identity of a deleted item (its key,
// canonical URL, content hash, and each outlet's source and GUID) is kept
// as a tombstone, so a feed that still lists the item cannot bring it back:
// SaveFetch counts it as a Duplicate. It also drops the reduced texts and
// candidate keys older than the story window, which no new item looks at.
func (s *Store) Prune(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		n, err := s.pruneChunk(ctx, before)
		total += n
		if err != nil {
			return total, fmt.Errorf("store: prune before %s: %w", before.Format(time.RFC3339), err)
		}
		if n == 0 {
			break
		}
	}
	cutoff := encTimeNotNull(s.now().Add(-s.window.get()))
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_docs WHERE seen < ?1`, cutoff); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM story_keys WHERE seen < ?1`, cutoff)
		return err
	})
	if err != nil {
		return total, fmt.Errorf("store: prune story keys: %w", err)
	}
	if total > 0 {
		s.logger.Info("old items pruned", "items", total, "before", before)
	}
	return total, nil
}

// pruneChunk deletes up to pruneChunk stories, or else up to pruneChunk
// items in no story, and returns the items deleted.
func (s *Store) pruneChunk(ctx context.Context, before time.Time) (int, error) {
	deleted := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		stories, items, err := oldItems(ctx, tx, before)
		if err != nil || items == "[]" {
			return err
		}
		if err := buryItems(ctx, tx, items, s.now()); err != nil {
			return err
		}
		for _, q := range []string{
			// A story window longer than the retention would leave these behind.
			`DELETE FROM story_docs WHERE item_id IN (SELECT value FROM json_each(?1))`,
			`DELETE FROM items_fts WHERE rowid IN (SELECT value FROM json_each(?1))`,
			`DELETE FROM items WHERE id IN (SELECT value FROM json_each(?1))`,
		} {
			if _, err := tx.ExecContext(ctx, q, items); err != nil {
				return fmt.Errorf("delete items: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?1))`, stories); err != nil {
			return fmt.Errorf("delete stories: %w", err)
		}
		deleted = strings.Count(items, ",") + 1
		return nil
	})
	return deleted, err
}

// oldItems returns, as JSON lists, up to pruneChunk stories last seen
// before before and their items or, when there are none, up to pruneChunk
// items in no story first seen before before.
func oldItems(ctx context.Context, tx *sql.Tx, before time.Time) (stories, items string, err error) {
	at := encTimeNotNull(before)
	err = tx.QueryRowContext(ctx, `SELECT json_group_array(id) FROM
		(SELECT id FROM stories WHERE last_seen < ?1 ORDER BY last_seen LIMIT ?2)`, at, pruneChunk).Scan(&stories)
	if err != nil {
		return "", "", fmt.Errorf("query old stories: %w", err)
	}
	q := `SELECT json_group_array(id) FROM items WHERE story_id IN (SELECT value FROM json_each(?1))`
	if stories == "[]" {
		q = `SELECT json_group_array(id) FROM
			(SELECT id FROM items WHERE story_id IS NULL AND first_seen < ?2 LIMIT ?3)`
	}
	if err := tx.QueryRowContext(ctx, q, stories, at, pruneChunk).Scan(&items); err != nil {
		return "", "", fmt.Errorf("query old items: %w", err)
	}
	return stories, items, nil
}

// buryItems records a tombstone for every identity of the items ids (a
// JSON list).
func buryItems(ctx context.Context, tx *sql.Tx, ids string, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT 'key', i.key FROM items i
			WHERE i.id IN (SELECT value FROM json_each(?1))
		UNION ALL SELECT 'url:', i.canonical_url FROM items i
			WHERE i.id IN (SELECT value FROM json_each(?1)) AND i.canonical_url <> ''
		UNION ALL SELECT 'hash:', i.content_hash FROM items i
			WHERE i.id IN (SELECT value FROM json_each(?1)) AND i.content_hash <> ''
		UNION ALL SELECT 'guid:' || coalesce(o.source_id, 0) || ':', o.guid
			FROM outlets o WHERE o.item_id IN (SELECT value FROM json_each(?1)) AND o.guid <> ''`, ids)
	idents, err := scanAll(rows, err, func(r *sql.Rows) (string, error) {
		var kind, value string
		if err := r.Scan(&kind, &value); err != nil || kind == "key" {
			return value, err
		}
		return itemKey(kind + value), nil
	})
	if err != nil {
		return fmt.Errorf("read identities: %w", err)
	}
	for _, id := range idents {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO tombstones (ident, pruned_at) VALUES (?1, ?2)`,
			id, encTimeNotNull(now)); err != nil {
			return fmt.Errorf("record tombstone: %w", err)
		}
	}
	return nil
}

// buried returns the identities, besides its key, under which a new item
// may have been buried (see Prune): its first identity (identKey, as itemKey
// hashes it) and, when it has a canonical URL too, its source and GUID.
// Tombstones hold identities as itemKey hashes, and the keys of buried
// items; an item stored before storedKey has its identity's hash as its
// key. The insert of a new item checks them.
func (b *batch) buried(identKey string, it tipwire.Item) (string, string) {
	guidIdent := identKey
	if it.GUID != "" && it.CanonicalURL != "" {
		guidIdent = itemKey("guid:" + strconv.FormatInt(b.sourceID, 10) + ":" + it.GUID)
	}
	return identKey, guidIdent
}
