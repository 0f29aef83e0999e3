package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/tipwire/tipwire"
)

// StoriesByKey returns the stories of keys as they are now (outlets, tags,
// matches), in no particular order; keys of stories that are gone are
// left out. Alerts are built from it when they are sent.
func (s *Store) StoriesByKey(ctx context.Context, keys []string) ([]tipwire.Item, error) {
	var items []tipwire.Item
	err := s.read(ctx, func(tx *sql.Tx) error {
		var ids []int64
		var err error
		if items, ids, err = queryStoriesByKey(ctx, tx, keys); err != nil || len(ids) == 0 {
			return err
		}
		return loadStoryDetails(ctx, tx, ids, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: stories by key: %w", err)
	}
	return items, nil
}

func queryStoriesByKey(ctx context.Context, tx *sql.Tx, keys []string) ([]tipwire.Item, []int64, error) {
	keyList, err := json.Marshal(keys)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.key, i.guid, i.link, i.canonical_url,
			i.title, i.summary, i.content, i.author, i.categories, i.published, i.updated, s.first_seen
		FROM items i JOIN stories s ON s.id = i.id
		WHERE i.key IN (SELECT value FROM json_each(?1))`, string(keyList))
	if err != nil {
		return nil, nil, fmt.Errorf("query stories: %w", err)
	}
	return scanItems(rows)
}
