package store

import (
	"context"
	"database/sql"
	"encoding/json"
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
		items, err := readStories(ctx, tx, `SELECT `+storyColumns+`
			FROM stories s JOIN items i ON i.id = s.id
			WHERE s.id = (SELECT story_id FROM items WHERE key = ?1)
				AND EXISTS (SELECT 1 FROM items x JOIN matches m ON m.item_id = x.id WHERE x.story_id = s.id)`, key)
		if err != nil || len(items) == 0 {
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

// StoriesByKey returns the stories of keys as they are now (outlets, tags,
// matches), in no particular order; keys of stories that are gone are
// left out. Alerts are built from it when they are sent.
func (s *Store) StoriesByKey(ctx context.Context, keys []string) ([]tipwire.Item, error) {
	keyList, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("store: stories by key: %w", err)
	}
	var items []tipwire.Item
	err = s.read(ctx, func(tx *sql.Tx) (err error) {
		items, err = readStories(ctx, tx, `SELECT `+storyColumns+`
			FROM items i JOIN stories s ON s.id = i.id
			WHERE i.key IN (SELECT value FROM json_each(?1))`, string(keyList))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: stories by key: %w", err)
	}
	return items, nil
}
