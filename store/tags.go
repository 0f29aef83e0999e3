package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tipwire/tipwire"
)

// saveTags stores an item's tags; with replace, the tags stored before are
// removed first (an edited item is tagged afresh).
func (b *batch) saveTags(itemID int64, tags []string, replace bool) error {
	if replace {
		if _, err := b.st[deleteTags].ExecContext(b.ctx, itemID); err != nil {
			return fmt.Errorf("replace tags: %w", err)
		}
	}
	if len(tags) == 0 {
		return nil
	}
	if _, err := b.st[insertTags].ExecContext(b.ctx, itemID, encStrings(tags)); err != nil {
		return fmt.Errorf("insert tags: %w", err)
	}
	return nil
}

// tagClause restricts queryItems to stories of which an item carries
// q.Tag (parameter ?6).
func tagClause(q tipwire.ItemQuery) string {
	if q.Tag == "" {
		return ""
	}
	return `
			AND EXISTS (SELECT 1 FROM tags g JOIN items t ON t.id = g.item_id
				WHERE g.tag = ?6 AND t.story_id = s.id)`
}

// loadTags fills the Tags of the stories whose ids (a JSON array) map to
// their index in items by pos: the tags of every item of the story, sorted
// (so country codes, in upper case, come before types).
func loadTags(ctx context.Context, tx *sql.Tx, idList string, pos map[int64]int, items []tipwire.Item) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT i.story_id, g.tag
		FROM items i JOIN tags g ON g.item_id = i.id
		WHERE i.story_id IN (SELECT value FROM json_each(?1))
		ORDER BY i.story_id, g.tag`, idList)
	return eachRow(rows, err, func(r *sql.Rows) error {
		var (
			storyID int64
			tag     string
		)
		if err := r.Scan(&storyID, &tag); err != nil {
			return fmt.Errorf("scan tag: %w", err)
		}
		it := &items[pos[storyID]]
		it.Tags = append(it.Tags, tag)
		return nil
	})
}

// TagCounts returns, for every tag carried by a story that matched a topic,
// the number of such stories, most first (then by tag).
func (s *Store) TagCounts(ctx context.Context) ([]tipwire.TagCount, error) {
	var out []tipwire.TagCount
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(r *sql.Rows) (tipwire.TagCount, error) {
			var c tipwire.TagCount
			return c, r.Scan(&c.Tag, &c.Stories)
		}, `SELECT g.tag, count(DISTINCT i.story_id)
			FROM tags g JOIN items i ON i.id = g.item_id
			WHERE EXISTS (SELECT 1 FROM items x JOIN matches m ON m.item_id = x.id
				WHERE x.story_id = i.story_id)
			GROUP BY g.tag ORDER BY 2 DESC, g.tag`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: tag counts: %w", err)
	}
	return out, nil
}
