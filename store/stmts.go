package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// stmtID names one of the statements of the save path. They are prepared
// once on the single write connection and bound to each transaction with
// Tx.StmtContext, which reuses the preparation: a fetch of 50 items runs a
// few hundred statements, and compiling each one every time would dominate.
type stmtID int

const (
	findByGUID stmtID = iota
	findByURL
	findByHash
	findByKey
	insertItem
	updateItem
	insertOutlet
	updateOutlet
	insertMatch
	addMatch
	deleteMatches
	sourceName
	saveState
	// Publishing, stories and tombstones (publish.go, story.go, retention.go).
	readStored
	setStory
	setOutletReason
	insertStory
	touchStory
	keyItems
	storyDocsOf
	candidateText
	insertDoc
	insertKeys
	storyKey
	docOfItem
	storySize
	moveDoc
	dropStory
	indexText
	unindex
	// Tags (tags.go).
	insertTags
	deleteTags
	numStmts
)

type stmts [numStmts]*sql.Stmt

// publishedCols says of a found item (alias i) whether it is in a story
// and whether it matches a topic.
const publishedCols = `coalesce(i.story_id, 0), EXISTS (SELECT 1 FROM matches m WHERE m.item_id = i.id)`

// candidatesSQL reads the story and reduced text of up to maxCandidates
// items (?1... ?N, NULL for none).
func candidatesSQL() string {
	ps := make([]string, maxCandidates)
	for i := range ps {
		ps[i] = fmt.Sprintf("?%d", i+1)
	}
	return "SELECT item_id, story_id, doc FROM story_docs WHERE item_id IN (" + strings.Join(ps, ", ") + ")"
}

// keyItemsSQL reads, for up to maxKeys candidate keys (?1... ?N, NULL
// for none), the perKey items first seen most recently at or after ?N+1
// that have the key: one row per key and item. One statement instead of
// one per key: a statement's fixed cost is most of such a lookup's.
func keyItemsSQL() string {
	ps := make([]string, maxKeys)
	for i := range ps {
		ps[i] = fmt.Sprintf(`SELECT * FROM (SELECT item_id, seen FROM story_keys
			WHERE key = ?%d AND seen >= ?%d ORDER BY seen DESC LIMIT %d)`, i+1, maxKeys+1, perKey)
	}
	return strings.Join(ps, "\nUNION ALL ")
}

// statementSQL returns the text of every statement, indexed by stmtID.
// Lookups repeat the partial indexes' non-empty conditions so SQLite may use them.
func statementSQL() [numStmts]string {
	return [numStmts]string{
		findByGUID: `SELECT i.id, i.key, ` + publishedCols + `, o.fingerprint, i.updated
			FROM outlets o JOIN items i ON i.id = o.item_id
			WHERE o.source_id = ?1 AND o.guid = ?2 AND o.guid <> ''`,
		findByURL: `SELECT i.id, i.key, ` + publishedCols + ` FROM items i
			WHERE i.canonical_url = ?1 AND i.canonical_url <> '' ORDER BY i.id LIMIT 1`,
		findByHash: `SELECT i.id, i.key, ` + publishedCols + ` FROM items i
			WHERE i.content_hash = ?1 AND i.content_hash <> '' AND i.guid = '' AND i.canonical_url = ''
			ORDER BY i.id LIMIT 1`,
		findByKey: `SELECT i.id, i.key, ` + publishedCols + ` FROM items i WHERE i.key = ?1`,
		// The id is chosen here, as SQLite would (one more than the
		// largest), so that a new story's id is the item's own: story_id is
		// ?14, else the item's id when ?15 (it is published), else NULL. An
		// item whose key or identities ?16, ?17 were pruned is not stored.
		// max(id) alone in its SELECT is one B-tree seek; inside coalesce it
		// would be a scan.
		// The WHERE lets the parser tell ON CONFLICT from a join.
		insertItem: `INSERT INTO items (id, key, guid, link, canonical_url, content_hash, title,
			summary, content, author, categories, published, updated, first_seen, story_id)
			SELECT n, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
				coalesce(?14, CASE WHEN ?15 THEN n END)
			FROM (SELECT coalesce((SELECT max(id) FROM items), 0) + 1 AS n)
			WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE ident IN (?1, ?16, ?17))
			ON CONFLICT (key) DO NOTHING`,
		updateItem: `UPDATE items SET
			link = CASE WHEN ?2 <> '' THEN ?2 ELSE link END,
			canonical_url = CASE WHEN ?3 <> '' THEN ?3 ELSE canonical_url END,
			content_hash = ?4, title = ?5, summary = ?6, content = ?7, author = ?8,
			categories = ?9, published = coalesce(?10, published), updated = ?11
			WHERE id = ?1`,
		// DO NOTHING: the outlet is already recorded (same source and item,
		// or same source and GUID, or same unsourced name and item).
		insertOutlet: `INSERT INTO outlets (item_id, source_id, name, link, guid, fingerprint, seen_at,
			merge_reason, similarity)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING`,
		updateOutlet: `UPDATE outlets SET fingerprint = ?3,
			link = CASE WHEN ?4 <> '' THEN ?4 ELSE link END
			WHERE source_id = ?1 AND item_id = ?2`,
		insertMatch: `INSERT INTO matches (item_id, topic, terms, score, reason) VALUES (?1, ?2, ?3, ?4, ?5)`,
		addMatch: `INSERT INTO matches (item_id, topic, terms, score, reason) VALUES (?1, ?2, ?3, ?4, ?5)
			ON CONFLICT (item_id, topic) DO NOTHING`,
		deleteMatches: `DELETE FROM matches WHERE item_id = ?1`,
		sourceName:    `SELECT name FROM sources WHERE id = ?1`,
		saveState: `UPDATE sources SET etag = ?2, last_modified = ?3, last_checked_at = ?4,
			last_success_at = ?5, next_check_at = ?6, consecutive_errors = ?7,
			error_category = ?8, last_error = ?9
			WHERE id = ?1`,
		readStored: `SELECT i.key, i.title, i.summary, i.content, i.first_seen, i.published,
			coalesce(i.story_id, 0), EXISTS (SELECT 1 FROM items_fts f WHERE f.rowid = i.id),
			EXISTS (SELECT 1 FROM story_docs d WHERE d.item_id = i.id)
			FROM items i WHERE i.id = ?1`,
		setStory: `UPDATE items SET story_id = ?2 WHERE id = ?1`,
		// The copy that opened the item records why the item joined its story.
		setOutletReason: `UPDATE outlets SET merge_reason = ?2, similarity = ?3 WHERE item_id = ?1 AND merge_reason = ''`,
		insertStory: `INSERT INTO stories (id, key, first_seen, published, last_seen)
			VALUES (?1, ?2, ?3, ?4, ?3)`,
		touchStory:    `UPDATE stories SET last_seen = max(last_seen, ?2) WHERE id = ?1`,
		keyItems:      keyItemsSQL(),
		storyDocsOf:   candidatesSQL(),
		candidateText: `SELECT i.title, i.summary, i.content, i.published FROM items i WHERE i.id = ?1`,
		insertDoc:     `INSERT OR REPLACE INTO story_docs (item_id, seen, story_id, doc) VALUES (?1, ?2, ?3, ?4)`,
		insertKeys:    `INSERT OR IGNORE INTO story_keys (key, seen, item_id) SELECT value, ?2, ?3 FROM json_each(?1)`,
		storyKey:      `SELECT key FROM stories WHERE id = ?1`,
		docOfItem: `SELECT coalesce(i.story_id, 0), i.first_seen, length(i.summary) + length(i.content), coalesce(d.doc, '')
			FROM items i LEFT JOIN story_docs d ON d.item_id = i.id WHERE i.id = ?1`,
		// An early report joining a later story (story.go, joinEarly).
		storySize: `SELECT count(*) FROM items WHERE story_id = ?1`,
		moveDoc:   `UPDATE story_docs SET story_id = ?2 WHERE item_id = ?1`,
		dropStory: `DELETE FROM stories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM items WHERE story_id = ?1)`,
		// One statement for a batch's rows ([id, title, body] in a JSON
		// array): inside a transaction FTS5 flushes its pending terms at
		// every statement, so a row per statement writes a tiny index
		// segment per item and then pays to merge them.
		indexText: `INSERT INTO items_fts (rowid, title, body)
			SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)`,
		unindex:    `DELETE FROM items_fts WHERE rowid = ?1`,
		insertTags: `INSERT OR IGNORE INTO tags (item_id, tag) SELECT ?1, value FROM json_each(?2)`,
		deleteTags: `DELETE FROM tags WHERE item_id = ?1`,
	}
}

func prepare(ctx context.Context, db *sql.DB) (*stmts, error) {
	var st stmts
	for id, text := range statementSQL() {
		p, err := db.PrepareContext(ctx, text)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("prepare statement %d: %w", id, err), st.close())
		}
		st[id] = p
	}
	return &st, nil
}

// bind returns the statements bound to tx. They close with the transaction.
func (st *stmts) bind(ctx context.Context, tx *sql.Tx) *stmts {
	var b stmts
	for id, p := range st {
		b[id] = tx.StmtContext(ctx, p)
	}
	return &b
}

func (st *stmts) close() error {
	var errs []error
	for _, p := range st {
		if p != nil {
			errs = append(errs, p.Close())
		}
	}
	return errors.Join(errs...)
}
