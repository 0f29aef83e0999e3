package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/tipwire/tipwire/text"
)

// An item is published when it matches a topic: only then is its text in
// the search index (items_fts) and is it placed in a story, with its
// reduced text and candidate keys kept for the items that come after it.
// An item that matches nothing is stored in the form it needs to be matched
// again (its text, identities, dates and outlets) and nothing more, until a
// re-match or an edit makes it match (promote); when it stops matching it
// leaves the search index (demote) and keeps its story.

// ftsRow is an item's row of the search index: its title, and its summary
// and content as plain text.
type ftsRow struct {
	id          int64
	title, body string
}

// newFTSRow is the search index's row of an item.
func newFTSRow(id int64, title, summary, content string) ftsRow {
	body := text.PlainText(summary)
	if content != "" && content != summary {
		body += "\n" + text.PlainText(content)
	}
	return ftsRow{id: id, title: title, body: body}
}

// index queues an item's row for the search index: the rows of a write
// transaction are added in one statement before it commits (flushIndex).
// Inside a transaction FTS5 writes its pending terms out as a new index
// segment at every statement, to be merged later: a statement per item, or
// per fetch, made many small segments and paid to merge them
// (docs/benchmarks.md).
func (b *batch) index(r ftsRow) { *b.unindexed = append(*b.unindexed, r) }

// flushIndex adds the rows queued in the transaction tx to the search
// index.
func flushIndex(ctx context.Context, tx *sql.Tx, stmt *sql.Stmt, queued []ftsRow) error {
	rows := make([][3]any, len(queued))
	for i, r := range queued {
		rows[i] = [3]any{r.id, r.title, r.body}
	}
	list, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("index text: %w", err)
	}
	if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, string(list)); err != nil {
		return fmt.Errorf("index text: %w", err)
	}
	return nil
}

// queued reports whether item id's row waits to be indexed.
func (b *batch) queued(id int64) bool {
	return slices.ContainsFunc(*b.unindexed, func(r ftsRow) bool { return r.id == id })
}

// demote takes an item that matches no topic any more out of the search
// index, or out of the rows waiting for it.
func (b *batch) demote(id int64) error {
	*b.unindexed = slices.DeleteFunc(*b.unindexed, func(r ftsRow) bool { return r.id == id })
	if _, err := b.st[unindex].ExecContext(b.ctx, id); err != nil {
		return fmt.Errorf("unindex item %d: %w", id, err)
	}
	return nil
}

// promote publishes a stored item that matches a topic now, as if it had
// matched when it arrived: its text is indexed unless it is already, it
// joins a story (or opens its own) unless it is in one, and its reduced
// text and keys are kept unless they are or it was first seen longer than
// the window before at, when it comes to match (a copy's seen time, or
// now): no item after it looks that far back. Each step checks first, so
// promoting a published item costs one read.
func (b *batch) promote(id int64, at time.Time) error {
	var (
		key, title, summary, content string
		first, published             sql.NullInt64
		storyID                      int64
		indexed, hasDoc              bool
	)
	err := b.st[readStored].QueryRowContext(b.ctx, id).Scan(&key, &title, &summary, &content,
		&first, &published, &storyID, &indexed, &hasDoc)
	if err != nil {
		return fmt.Errorf("read item %d to publish: %w", id, err)
	}
	if !indexed && !b.queued(id) {
		b.index(newFTSRow(id, title, summary, content))
	}
	seen := decTime(first)
	if hasDoc || (storyID != 0 && seen.Before(at.Add(-b.window))) {
		return nil
	}
	r := storyDoc(title, summary, content, decTime(published))
	if storyID != 0 {
		return b.keepDoc(id, storyID, seen, at, r)
	}
	return b.placeStored(id, key, seen, decTime(published), at, r)
}

// placeStored places a stored item in a story, as the save path places a
// new one; at is as for promote.
func (b *batch) placeStored(id int64, key string, seen, published, at time.Time, r reduced) error {
	j, err := b.findStory(r, seen)
	if err != nil {
		return err
	}
	storyID := id
	if j.storyID != 0 {
		storyID = j.storyID
		_, err := b.st[setOutletReason].ExecContext(b.ctx, id, mergeReason(j.reason), j.similarity)
		if err != nil {
			return fmt.Errorf("record why item %s joined story %s: %w", key, j.storyKey, err)
		}
	}
	if _, err := b.st[setStory].ExecContext(b.ctx, id, storyID); err != nil {
		return fmt.Errorf("place item %s in a story: %w", key, err)
	}
	return b.placeStory(id, key, j, published, seen, at, r)
}
