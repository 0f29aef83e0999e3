package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

// SaveFetch stores the items of one fetch of a source and the source's new
// fetch state atomically (in one group transaction, see writeGrouped), so
// the validators (ETag, Last-Modified) are never saved
// without the items they vouch for: if anything fails, nothing of the fetch
// is stored and the next fetch gets the items again. It returns once the
// items are committed.
//
// Each item is looked up, in order, by
//  1. the same source and the same non-empty GUID (an outlet of this source),
//  2. else the same non-empty canonical URL (across sources),
//  3. else, only when the item has neither GUID nor canonical URL, the same
//     content hash (SHA-256 of its normalised title, summary and content
//     text) among the items that were stored without them too,
//  4. else its key (see below), when inserting finds the key taken: this
//     catches identities no lookup reaches, such as an unsourced GUID.
//
// A found item is a Duplicate: this source is added to its outlets if new,
// and the item's Matches are added to the stored ones (an item that matched
// nothing and now does is published, see promote). When it was found by
// GUID and its title, summary or content differ from what this source
// delivered last time (a publisher's edit, not another outlet's wording), it
// is Updated instead: the stored fields are replaced by this copy, its
// updated time moves (to item.Updated when that is later than the stored
// one, else to now) and its matches become item.Matches; its story stays
// the same. An item none of this finds whose identity was pruned (see
// Prune) is a Duplicate and is not stored. Any other item is stored, and
// counts as New, unless it matches a topic and a near-duplicate first seen
// within the story window (package cluster: same title or similar title and
// lead, among a bounded set of candidates sharing a MinHash key) is
// stored: then it joins that one's story and counts as Merged. Only items
// that match a topic are placed in a story and indexed for search. The
// outlet row records why a copy was merged (Outlet.Reason). Its key is the
// first 32 hex digits of SHA-256 over its first identity ("url:"+canonical
// URL, else "guid:"+sourceID+":"+GUID, else "hash:"+content hash). Items
// with none of the three are skipped. first_seen is item.FirstSeen when set,
// else now, and never changes afterwards. The same item twice in one batch
// is stored once.
//
// The outlet name is item.Outlet, or the source's stored name when empty.
// Matches with an empty or repeated topic are an error. Unknown source ids
// give ErrNotFound.
func (s *Store) SaveFetch(ctx context.Context, sourceID int64, state tipwire.FetchState, items []tipwire.Item) (tipwire.SaveStats, error) {
	var stats tipwire.SaveStats
	ps := prepareItems(items)
	err := s.writeGrouped(ctx, func(tx *sql.Tx) error {
		b := s.newBatch(ctx, tx, sourceID)
		err := b.st[sourceName].QueryRowContext(ctx, sourceID).Scan(&b.outlet)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read source: %w", err)
		}
		if stats, err = b.saveAll(ps); err != nil {
			return err
		}
		return saveStateWith(ctx, b.st[saveState], sourceID, state)
	})
	if err != nil {
		return tipwire.SaveStats{}, fmt.Errorf("store: save fetch of source %d: %w", sourceID, err)
	}
	return stats, nil
}

// SaveState records a source's fetch state alone: after a failed fetch, or
// a 304 that brought no items.
func (s *Store) SaveState(ctx context.Context, sourceID int64, state tipwire.FetchState) error {
	err := s.writeGrouped(ctx, func(tx *sql.Tx) error {
		return saveStateWith(ctx, tx.StmtContext(ctx, s.stmts[saveState]), sourceID, state)
	})
	if err != nil {
		return fmt.Errorf("store: save state of source %d: %w", sourceID, err)
	}
	return nil
}

// SaveItems stores items that came from no fetched source, such as the seed
// corpus, with the dedup rules of SaveFetch minus the GUID step (there is no
// source to scope a GUID to; the key step covers it). Their outlets have no
// source and are named by item.Outlet.
func (s *Store) SaveItems(ctx context.Context, items []tipwire.Item) (tipwire.SaveStats, error) {
	var stats tipwire.SaveStats
	ps := prepareItems(items)
	err := s.writeGrouped(ctx, func(tx *sql.Tx) error {
		var err error
		stats, err = s.newBatch(ctx, tx, 0).saveAll(ps)
		return err
	})
	if err != nil {
		return tipwire.SaveStats{}, fmt.Errorf("store: save items: %w", err)
	}
	return stats, nil
}

// saveStateWith records a source's fetch state with stmt, the saveState
// statement bound to the write transaction.
func saveStateWith(ctx context.Context, stmt *sql.Stmt, sourceID int64, fs tipwire.FetchState) error {
	err := expectOne(stmt.ExecContext(ctx, sourceID, fs.ETag, fs.LastModified,
		encTime(fs.LastCheckedAt), encTime(fs.LastSuccessAt), encTime(fs.NextCheckAt),
		fs.ConsecutiveErrors, fs.ErrorCategory, fs.LastError))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("save state: %w", err)
	}
	return err
}

// newBatch starts saving, in the write transaction tx, items of source
// sourceID (0: of no source).
func (s *Store) newBatch(ctx context.Context, tx *sql.Tx, sourceID int64) *batch {
	return &batch{ctx: ctx, tx: tx, st: s.stmts.bind(ctx, tx), sourceID: sourceID, now: s.now(), logger: s.logger,
		window: s.window.get(), unindexed: &s.unindexed}
}

// batch saves the items of one transaction.
type batch struct {
	ctx       context.Context
	tx        *sql.Tx
	st        *stmts
	sourceID  int64  // 0: items of no source
	outlet    string // outlet name when an item has none
	now       time.Time
	logger    *slog.Logger
	window    time.Duration // how far back a new item looks for its story
	unindexed *[]ftsRow     // the transaction's rows for the search index (see index)
}

// pending is an item with everything the save path derives from the item
// alone. It is computed before the write transaction, on the caller's
// goroutine, so fetches prepare their items in parallel instead of one at a
// time inside the single writer.
type pending struct {
	tipwire.Item
	// hash is the content hash, computed only for items without GUID and
	// canonical URL: only they are found by content, and hashing is word by
	// word over kilobytes of text.
	hash        string
	fingerprint string
	// For matched items only: the reduced text that finds the item's
	// story, and its search index text (id 0 until it is stored).
	reduced reduced
	fts     ftsRow
}

// prepareItems prepares items for saving. Reducing text for the story
// clustering and extracting it for the search index cost more than the
// rest, so only the items that match a topic pay for them; the others are
// stored as text.
func prepareItems(items []tipwire.Item) []pending {
	var h hasher
	ps := make([]pending, len(items))
	for i, it := range items {
		p := &ps[i]
		p.Item = it
		if it.GUID == "" && it.CanonicalURL == "" {
			p.hash = h.contentHash(it)
		}
		p.fingerprint = h.fingerprint(it)
		if len(it.Matches) > 0 {
			p.reduced = storyDoc(it.Title, it.Summary, it.Content, it.Published)
			p.fts = newFTSRow(0, it.Title, it.Summary, it.Content)
			continue
		}
		// Nothing shows an item that matches no topic: it keeps its text
		// as the matcher reads it, escaped, so that it is still a safe
		// HTML fragment should it come to match.
		p.Summary, p.Content = plainHTML(it.Summary), plainHTML(it.Content)
	}
	return ps
}

// plainHTML is an HTML fragment's text as an HTML fragment without markup.
func plainHTML(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return fragment
	}
	return html.EscapeString(strings.Join(strings.Fields(text.PlainText(fragment)), " "))
}

type outcome int

const (
	skipped outcome = iota
	isNew
	isDuplicate
	isUpdated
	isMerged // a new copy that joined a stored story
)

func (b *batch) saveAll(ps []pending) (tipwire.SaveStats, error) {
	var stats tipwire.SaveStats
	for i := range ps {
		p := &ps[i]
		out, err := b.save(p)
		if err != nil {
			return tipwire.SaveStats{}, fmt.Errorf("item %d (%s): %w", i, describe(p.Item), err)
		}
		switch out {
		case isNew:
			stats.New++
			if len(p.Matches) > 0 {
				stats.Matched++
			}
		case isDuplicate:
			stats.Duplicate++
		case isUpdated:
			stats.Updated++
		case isMerged:
			stats.Merged++
		}
	}
	return stats, nil
}

// describe names an item in an error message by its best identity.
func describe(it tipwire.Item) string {
	switch {
	case it.CanonicalURL != "":
		return it.CanonicalURL
	case it.GUID != "":
		return "guid " + it.GUID
	}
	return fmt.Sprintf("title %q", it.Title)
}

func (b *batch) save(p *pending) (outcome, error) {
	it := p.Item
	if err := checkMatches(it.Matches); err != nil {
		return skipped, err
	}
	ident := identity(it, b.sourceID, p.hash)
	if ident == "" {
		b.logger.Debug("item skipped: no link, guid or text", "source_id", b.sourceID)
		return skipped, nil
	}
	f, err := b.find(it, p.hash)
	if err != nil {
		return skipped, err
	}
	if f.id == 0 {
		var out outcome
		if out, f, err = b.saveNew(p, ident); err != nil || f.id == 0 {
			return out, err
		}
		// The key is taken: an item whose identity no lookup above reached
		// (an unsourced GUID, or an outlet row that is gone).
		f.by = ident
	}
	if f.byGUID && f.fingerprint != p.fingerprint {
		if err := b.update(f, p); err != nil {
			return skipped, err
		}
		if len(it.Matches) == 0 {
			return isUpdated, nil
		}
		return isUpdated, b.enrich(f.id, p, true)
	}
	b.logger.Debug("item duplicate", "item_key", f.key, "source_id", b.sourceID)
	if err := b.addOutlet(f.id, p, f.reason(), 0); err != nil {
		return skipped, err
	}
	if err := b.addMatches(f.id, it.Matches, addMatch); err != nil {
		return skipped, err
	}
	if !f.matched && len(it.Matches) > 0 {
		if err := b.promote(f.id, b.seenAt(it)); err != nil {
			return skipped, err
		}
	}
	if f.storyID == 0 && len(it.Matches) == 0 {
		return isDuplicate, nil // not published: nothing compares with it
	}
	return isDuplicate, b.enrich(f.id, p, false)
}

// saveNew stores an item no lookup found, unless it was pruned: a matched
// one joins the story of a near-duplicate, else opens its own. It returns
// the stored item instead when the item's key turns out to be taken.
func (b *batch) saveNew(p *pending, ident string) (outcome, found, error) {
	identKey := itemKey(ident)
	key := storedKey(identKey, p.Item.Published)
	var j join
	if len(p.Matches) > 0 {
		var err error
		if j, err = b.findStory(p.reduced, b.seenAt(p.Item)); err != nil {
			return skipped, found{}, err
		}
	}
	id1, id2 := b.buried(identKey, p.Item)
	f, dead, err := b.insert(p, key, j, id1, id2)
	switch {
	case err != nil || f.id != 0:
		return skipped, f, err
	case dead:
		b.logger.Debug("item pruned earlier, ignored", "item_key", key, "source_id", b.sourceID)
		return isDuplicate, found{}, nil
	case j.storyID != 0:
		b.logger.Debug("item joined story", "item_key", key, "story_key", j.storyKey, "reason", j.reason, "similarity", j.similarity)
		return isMerged, f, nil
	}
	return isNew, f, nil
}

func checkMatches(ms []tipwire.Match) error {
	for i, m := range ms {
		if m.Topic == "" {
			return errors.New("match with an empty topic")
		}
		for _, prev := range ms[:i] { // a handful of topics: no map needed
			if prev.Topic == m.Topic {
				return fmt.Errorf("topic %q matched twice", m.Topic)
			}
		}
	}
	return nil
}

// seenAt is when this copy of the item was seen: the caller's stamp when it
// gave one, else the start of the batch.
func (b *batch) seenAt(it tipwire.Item) time.Time {
	if !it.FirstSeen.IsZero() {
		return it.FirstSeen
	}
	return b.now
}

// source is the outlet's source_id column: NULL for items of no source.
func (b *batch) source() any {
	if b.sourceID == 0 {
		return nil
	}
	return b.sourceID
}

func (b *batch) outletName(it tipwire.Item) string {
	if it.Outlet != "" {
		return it.Outlet
	}
	return b.outlet
}
