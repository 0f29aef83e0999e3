package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tipwire/tipwire"
)

// found is a stored item an incoming one was matched to; id 0 means none.
type found struct {
	id     int64
	key    string
	byGUID bool
	by     string // the identity it was found by: "url:...", "hash:...", "guid:..."
	// storyID is the item's story, 0 when it is not published; matched
	// says whether it matches a topic.
	storyID int64
	matched bool
	// Read only when found by GUID, to tell an edit: what this source
	// delivered last time, and the item's updated time.
	fingerprint string
	updated     sql.NullInt64
}

// find applies the dedup lookups in order; see SaveFetch.
func (b *batch) find(it tipwire.Item, hash string) (found, error) {
	if b.sourceID != 0 && it.GUID != "" {
		f := found{byGUID: true}
		err := b.st[findByGUID].QueryRowContext(b.ctx, b.sourceID, it.GUID).
			Scan(&f.id, &f.key, &f.storyID, &f.matched, &f.fingerprint, &f.updated)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return f, wrapLookup("guid", err)
		}
	}
	switch {
	case it.CanonicalURL != "":
		f, err := b.lookup(findByURL, it.CanonicalURL)
		f.by = "url:"
		return f, wrapLookup("canonical url", err)
	case it.GUID == "" && hash != "":
		f, err := b.lookup(findByHash, hash)
		f.by = "hash:"
		return f, wrapLookup("content hash", err)
	}
	return found{}, nil
}

// lookup runs a query returning (id, key, story, matched); no row is
// found{} and no error.
func (b *batch) lookup(id stmtID, arg string) (found, error) {
	var f found
	err := b.st[id].QueryRowContext(b.ctx, arg).Scan(&f.id, &f.key, &f.storyID, &f.matched)
	if errors.Is(err, sql.ErrNoRows) {
		return found{}, nil
	}
	return f, err
}

// reason says why an incoming copy was merged into the found item.
func (f found) reason() string {
	switch {
	case f.byGUID, strings.HasPrefix(f.by, "guid:"):
		return tipwire.MergeSameGUID
	case strings.HasPrefix(f.by, "url:"):
		return tipwire.MergeSameURL
	}
	return tipwire.MergeSameContent
}

func wrapLookup(by string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("look up by %s: %w", by, err)
}

// insert stores a new item with its outlet and matches and, when it
// matches a topic, publishes it in the story j (its own when j is zero). It
// returns found{}, or the stored item when the key is already taken, or
// dead when the key or the identities ident1, ident2 (see batch.buried) were
// pruned; in those two cases it stores nothing.
func (b *batch) insert(p *pending, key string, j join, ident1, ident2 string) (f found, dead bool, err error) {
	it := p.Item
	first := b.seenAt(it)
	published := it.Published
	if published.IsZero() {
		published = first
	}
	updated := it.Updated
	if updated.IsZero() {
		updated = published
	}
	publish := len(it.Matches) > 0
	res, err := b.st[insertItem].ExecContext(b.ctx, key, it.GUID, it.Link, it.CanonicalURL, p.hash,
		it.Title, it.Summary, it.Content, it.Author, encStrings(it.Categories),
		encTime(published), encTime(updated), encTimeNotNull(first), storyArg(j), publish, ident1, ident2)
	if err != nil {
		return found{}, false, fmt.Errorf("insert item: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		f, err2 := b.lookup(findByKey, key)
		return f, f.id == 0, errors.Join(err, wrapLookup("key", err2))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return found{}, false, fmt.Errorf("insert item: %w", err)
	}
	b.logger.Debug("item new", "item_key", key, "source_id", b.sourceID, "matched", publish)
	if err := b.addOutlet(id, p, mergeReason(j.reason), j.similarity); err != nil {
		return found{}, false, err
	}
	if publish {
		p.fts.id = id
		b.index(p.fts)
		if err := b.placeStory(id, key, j, published, first, first, p.reduced); err != nil {
			return found{}, false, err
		}
	}
	if err := b.addMatches(id, it.Matches, insertMatch); err != nil {
		return found{}, false, err
	}
	return found{}, false, b.saveTags(id, it.Tags, false)
}

// storyArg is the story_id of a new item: NULL opens its own story.
func storyArg(j join) any {
	if j.storyID == 0 {
		return nil
	}
	return j.storyID
}

// update replaces an edited item's fields and matches, and its row in the
// search index. Its key and first_seen stay.
func (b *batch) update(f found, p *pending) error {
	it := p.Item
	updated := b.now
	if stored := decTime(f.updated); it.Updated.After(stored) {
		updated = it.Updated
	}
	_, err := b.st[updateItem].ExecContext(b.ctx, f.id, it.Link, it.CanonicalURL, p.hash,
		it.Title, it.Summary, it.Content, it.Author, encStrings(it.Categories),
		encTime(it.Published), encTimeNotNull(updated))
	if err != nil {
		return fmt.Errorf("update item %s: %w", f.key, err)
	}
	b.logger.Debug("item updated", "item_key", f.key, "source_id", b.sourceID)
	if _, err := b.st[updateOutlet].ExecContext(b.ctx, b.sourceID, f.id, p.fingerprint, it.Link); err != nil {
		return fmt.Errorf("update outlet of item %s: %w", f.key, err)
	}
	if err := b.replaceMatches(f.id, it.Matches); err != nil {
		return fmt.Errorf("item %s: %w", f.key, err)
	}
	if err := b.saveTags(f.id, it.Tags, true); err != nil {
		return err
	}
	if err := b.demote(f.id); err != nil { // its old text
		return err
	}
	if len(it.Matches) > 0 {
		return b.promote(f.id, b.seenAt(it))
	}
	return nil
}

// addOutlet records that this batch's source carried the item, and why it
// was merged; it does nothing when that is already recorded.
func (b *batch) addOutlet(itemID int64, p *pending, reason string, similarity float64) error {
	it := p.Item
	_, err := b.st[insertOutlet].ExecContext(b.ctx, itemID, b.source(), b.outletName(it),
		it.Link, it.GUID, p.fingerprint, encTimeNotNull(b.seenAt(it)), reason, similarity)
	if err != nil {
		return fmt.Errorf("insert outlet: %w", err)
	}
	return nil
}

// addMatches stores ms with insertMatch (a repeated topic is an error) or
// addMatch (topics already stored are kept as they are).
func (b *batch) addMatches(itemID int64, ms []tipwire.Match, how stmtID) error {
	for _, m := range ms {
		_, err := b.st[how].ExecContext(b.ctx, itemID, m.Topic, encStrings(m.Terms), m.Score, m.Reason)
		if err != nil {
			return fmt.Errorf("insert match %q: %w", m.Topic, err)
		}
	}
	return nil
}

// replaceMatches makes ms the item's only matches.
func (b *batch) replaceMatches(itemID int64, ms []tipwire.Match) error {
	if _, err := b.st[deleteMatches].ExecContext(b.ctx, itemID); err != nil {
		return fmt.Errorf("replace matches: %w", err)
	}
	return b.addMatches(itemID, ms, insertMatch)
}
