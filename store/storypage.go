package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tipwire/tipwire"
)

// Story returns one published story as Items lists it (its head item under
// the story's key, with the outlets, tags and matches of every item of the
// story), found by the key of any of its items, so an entry id stays a
// permalink after its item joined another story. found is false when no
// item has that key or its story matched no topic.
func (s *Store) Story(ctx context.Context, key string) (it tipwire.Item, found bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		// items.key is the indexed lookup; a story's id is its head item's id.
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.key, i.guid, i.link, i.canonical_url,
				i.title, i.summary, i.content, i.author, i.categories, i.published, i.updated, s.first_seen
			FROM stories s JOIN items i ON i.id = s.id
			WHERE s.id = (SELECT story_id FROM items WHERE key = ?1)
				AND EXISTS (SELECT 1 FROM items x JOIN matches m ON m.item_id = x.id WHERE x.story_id = s.id)`, key)
		if err != nil {
			return fmt.Errorf("query story: %w", err)
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return nil
		}
		id, head, err := scanItem(rows)
		if err != nil {
			return err
		}
		rows.Close()
		items := []tipwire.Item{head}
		if err := loadStoryDetails(ctx, tx, []int64{id}, items); err != nil {
			return err
		}
		it, found = items[0], true
		return nil
	})
	if err != nil {
		return tipwire.Item{}, false, fmt.Errorf("store: story %q: %w", key, err)
	}
	return it, found, nil
}
