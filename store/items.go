package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"

	"github.com/tipwire/tipwire"
)

// Item query limits: the publisher pages through at most MaxLimit at a time.
const (
	DefaultLimit = 100  // items returned when ItemQuery.Limit is 0
	MaxLimit     = 1000 // larger limits are lowered to this
)

// Items returns one item per story: the stories of which an item matched
// q.Topic (any topic when ""), first seen at or after q.Since when set,
// newest first: by the UTC day they were first seen, then by publication
// date (first seen for undated stories), both descending, then key. So the
// day's finds come first, and an old report found today sits below the
// news published today.
// Each is the story's first item (its head) under the story's stable key,
// with the Outlets of every item of the story (oldest first, one per
// outlet, each with the reason it was merged; Outlet is the first one's
// name) and the Matches of every item (by topic name, the best score per
// topic), read in the same snapshot with one query each for the whole
// page.
func (s *Store) Items(ctx context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error) {
	limit, offset := pageBounds(q)
	since := int64(math.MinInt64)
	if !q.Since.IsZero() {
		since = encTimeNotNull(q.Since)
	}
	var items []tipwire.Item
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		items, err = readStories(ctx, tx, itemsSQL(q),
			q.Topic, since, limit, offset, matchExpr(q.Query), q.Tag, since/nanosPerDay)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: items of topic %q: %w", q.Topic, err)
	}
	return items, nil
}

// pageBounds turns a query's limit and offset into safe values.
func pageBounds(q tipwire.ItemQuery) (limit, offset int) {
	limit = q.Limit
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	return limit, max(q.Offset, 0)
}

// storyColumns are the columns scanItem reads: a story (alias s) as its
// head item (alias i) under the story's key.
const storyColumns = `s.id, s.key, i.guid, i.link, i.canonical_url,
	i.title, i.summary, i.content, i.author, i.categories, i.published, i.updated, s.first_seen`

// readStories runs query, which selects storyColumns, and fills the
// outlets, tags and matches of the stories it lists in the same snapshot,
// with one query each for all of them.
func readStories(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]tipwire.Item, error) {
	var ids []int64
	rows, err := tx.QueryContext(ctx, query, args...)
	items, err := scanAll(rows, err, func(r *sql.Rows) (tipwire.Item, error) {
		id, it, err := scanItem(r)
		ids = append(ids, id)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("query stories: %w", err)
	}
	if len(items) == 0 {
		return nil, nil
	}
	return items, loadStoryDetails(ctx, tx, ids, items)
}

// itemsSQL selects a page of stories for q: ?1 topic, ?2 since, ?3 limit,
// ?4 offset, ?5 search, ?6 tag, ?7 since's day. The ORDER BY (see Items)
// follows index stories_day_order expression for expression, so SQLite
// walks it newest first and stops after the page instead of sorting every
// match; the day bound lets it start the walk at Since. A story's id is its
// head item's id.
func itemsSQL(q tipwire.ItemQuery) string {
	return `SELECT ` + storyColumns + `
		FROM stories s JOIN items i ON i.id = s.id
		WHERE s.first_seen / 86400000000000 >= ?7 AND s.first_seen >= ?2
			AND EXISTS (SELECT 1 FROM items x JOIN matches m ON m.item_id = x.id
				WHERE x.story_id = s.id AND (?1 = '' OR m.topic = ?1))` + searchClause(q) + tagClause(q) + `
		ORDER BY s.first_seen / 86400000000000 DESC, coalesce(s.published, s.first_seen) DESC, s.key
		LIMIT ?3 OFFSET ?4`
}

func scanItem(rows *sql.Rows) (int64, tipwire.Item, error) {
	var (
		id                        int64
		it                        tipwire.Item
		cats                      string
		published, updated, first sql.NullInt64
	)
	err := rows.Scan(&id, &it.Key, &it.GUID, &it.Link, &it.CanonicalURL, &it.Title, &it.Summary,
		&it.Content, &it.Author, &cats, &published, &updated, &first)
	if err != nil {
		return 0, it, fmt.Errorf("scan item: %w", err)
	}
	if it.Categories, err = decStrings(cats); err != nil {
		return 0, it, fmt.Errorf("item %s categories: %w", it.Key, err)
	}
	it.Published, it.Updated, it.FirstSeen = decTime(published), decTime(updated), decTime(first)
	return id, it, nil
}

// loadStoryDetails fills the outlets, tags and matches of the stories ids
// (items[i] is the story of ids[i]).
func loadStoryDetails(ctx context.Context, tx *sql.Tx, ids []int64, items []tipwire.Item) error {
	idList, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	if err := loadOutlets(ctx, tx, string(idList), pos, items); err != nil {
		return err
	}
	if err := loadTags(ctx, tx, string(idList), pos, items); err != nil {
		return err
	}
	return loadMatches(ctx, tx, string(idList), pos, items)
}

// loadOutlets fills the Outlets of the stories whose ids (a JSON array)
// map to their index in items by pos. An outlet that carried two items of
// one story is listed once, with its first.
func loadOutlets(ctx context.Context, tx *sql.Tx, idList string, pos map[int64]int, items []tipwire.Item) error {
	rows, err := tx.QueryContext(ctx, `SELECT i.story_id, coalesce(o.source_id, 0), o.name, o.link, o.seen_at,
			o.merge_reason, o.similarity
		FROM items i JOIN outlets o ON o.item_id = i.id
		WHERE i.story_id IN (SELECT value FROM json_each(?1))
		ORDER BY i.story_id, o.seen_at, o.id`, idList)
	return eachRow(rows, err, func(r *sql.Rows) error {
		var (
			storyID, seen int64
			o             tipwire.Outlet
		)
		if err := r.Scan(&storyID, &o.SourceID, &o.Name, &o.Link, &seen, &o.Reason, &o.Similarity); err != nil {
			return fmt.Errorf("scan outlet: %w", err)
		}
		o.SeenAt = unixTime(seen)
		it := &items[pos[storyID]]
		if len(it.Outlets) == 0 {
			it.Outlet = o.Name
		}
		if !hasOutlet(it.Outlets, o) {
			it.Outlets = append(it.Outlets, o)
		}
		return nil
	})
}

// hasOutlet reports whether list already names o's outlet: the same source,
// or for unsourced outlets the same name.
func hasOutlet(list []tipwire.Outlet, o tipwire.Outlet) bool {
	for _, x := range list {
		if x.SourceID == o.SourceID && (o.SourceID != 0 || x.Name == o.Name) {
			return true
		}
	}
	return false
}

// loadMatches fills the Matches of items, like loadOutlets.
func loadMatches(ctx context.Context, tx *sql.Tx, idList string, pos map[int64]int, items []tipwire.Item) error {
	rows, err := tx.QueryContext(ctx, `SELECT i.story_id, m.topic, m.terms, m.score, m.reason
		FROM items i JOIN matches m ON m.item_id = i.id
		WHERE i.story_id IN (SELECT value FROM json_each(?1))
		ORDER BY i.story_id, m.topic, m.score DESC, i.id`, idList)
	return eachRow(rows, err, func(r *sql.Rows) error {
		var (
			storyID int64
			terms   string
			m       tipwire.Match
		)
		if err := r.Scan(&storyID, &m.Topic, &terms, &m.Score, &m.Reason); err != nil {
			return fmt.Errorf("scan match: %w", err)
		}
		var err error
		if m.Terms, err = decStrings(terms); err != nil {
			return fmt.Errorf("match %q terms: %w", m.Topic, err)
		}
		it := &items[pos[storyID]]
		if n := len(it.Matches); n > 0 && it.Matches[n-1].Topic == m.Topic {
			return nil // another item of the story matched the topic less well
		}
		it.Matches = append(it.Matches, m)
		return nil
	})
}
