package store

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/cluster"
)

// DefaultStoryWindow is how far back a new item looks for a story to join
// when SetStoryWindow was not called.
const DefaultStoryWindow = 72 * time.Hour

// maxCandidates bounds the stored items a new item is compared with, so
// the cost of saving an item does not grow with the database or with a
// busy news day.
const maxCandidates = 8

// perKey bounds the items read per candidate key: a key shared by a flood
// of look-alike items (a template, a busy day) costs no more than a rare one.
const perKey = 8

// leadBytes bounds the summary text read for comparison: the package
// cluster looks at the first words only, so kilobytes of body are waste.
const leadBytes = 1024

// storyWindow holds the window; atomic so it can be set while reads run.
type storyWindow struct{ d atomic.Int64 }

func (w *storyWindow) get() time.Duration {
	if d := time.Duration(w.d.Load()); d > 0 {
		return d
	}
	return DefaultStoryWindow
}

// SetStoryWindow sets how far back (by first-seen time) a new item looks
// for near-duplicates to join their story; zero or less means
// DefaultStoryWindow. Call it before saving.
func (s *Store) SetStoryWindow(d time.Duration) { s.window.d.Store(int64(d)) }

// join is the story a new item joins; storyID 0 means it opens its own.
type join struct {
	storyID    int64
	storyKey   string
	reason     string
	similarity float64
}

// reduced is an item's text as package cluster compares it.
type reduced struct {
	doc cluster.Doc
	sig cluster.Signature
}

// storyDoc is the comparable text of an item: its title and lead.
func storyDoc(title, summary, content string) reduced {
	lead := summary
	if lead == "" {
		lead = content
	}
	if len(lead) > leadBytes {
		lead = lead[:leadBytes]
	}
	doc := cluster.NewDoc(title, tipwire.PlainText(lead))
	return reduced{doc: doc, sig: doc.Signature()}
}

// findStory looks for a story the item r belongs to among the items first
// seen within the window before seen that share a candidate key with it,
// and returns the most similar one that cluster.Compare accepts.
func (b *batch) findStory(r reduced, seen time.Time) (join, error) {
	ids, err := b.candidates(r.sig, encTimeNotNull(seen.Add(-b.window)))
	if err != nil || len(ids) == 0 {
		return join{}, err
	}
	cands, err := readCandidates(b, ids)
	if err != nil {
		return join{}, err
	}
	var best join
	for _, c := range cands {
		doc, err := b.candidateDoc(c)
		if err != nil {
			return join{}, err
		}
		v := cluster.Compare(r.doc, doc)
		if v.Same && (best.storyID == 0 || v.Similarity > best.similarity) {
			best = join{storyID: c.storyID, reason: v.Reason, similarity: v.Similarity}
		}
	}
	if best.storyID == 0 {
		return best, nil
	}
	if err := b.st[storyKey].QueryRowContext(b.ctx, best.storyID).Scan(&best.storyKey); err != nil {
		return join{}, fmt.Errorf("read key of story %d: %w", best.storyID, err)
	}
	return best, nil
}

// maxKeys is how many candidate keys one lookup (keyItems) takes: a
// Signature's bands and title key.
const maxKeys = cluster.NumBands + 1

// candidates returns up to maxCandidates items first seen at or after
// since (encoded) that share a key with sig: those sharing the most keys
// first, then the most recent. Per key it reads the perKey most recent.
func (b *batch) candidates(sig cluster.Signature, since int64) ([]int64, error) {
	type hit struct{ item, seen, shared int64 }
	var hits []hit
	for keys := range slices.Chunk(sig.Keys(), maxKeys) {
		args := make([]any, maxKeys+1)
		for i, k := range keys {
			args[i] = k
		}
		args[maxKeys] = since
		rows, err := b.st[keyItems].QueryContext(b.ctx, args...)
		found, err := scanAll(rows, err, func(r *sql.Rows) (hit, error) {
			var h hit
			return h, r.Scan(&h.item, &h.seen)
		})
		if err != nil {
			return nil, fmt.Errorf("read candidates: %w", err)
		}
		for _, f := range found {
			if i := slices.IndexFunc(hits, func(h hit) bool { return h.item == f.item }); i >= 0 {
				hits[i].shared++
			} else {
				hits = append(hits, hit{item: f.item, seen: f.seen, shared: 1})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.shared, a.shared), cmp.Compare(b.seen, a.seen), cmp.Compare(b.item, a.item))
	})
	out := make([]int64, 0, min(len(hits), maxCandidates))
	for _, h := range hits[:min(len(hits), maxCandidates)] {
		out = append(out, h.item)
	}
	return out, nil
}

// candidate is a stored item a new one may join, with its story and its
// stored reduced text.
type candidate struct {
	itemID, storyID int64
	doc             string
}

// readCandidates reads the story and reduced text of the items ids (at
// most maxCandidates), in one statement and in the order of ids, leaving
// out those whose row is gone (pruned or deleted since).
func readCandidates(b *batch, ids []int64) ([]candidate, error) {
	args := make([]any, maxCandidates)
	for i, id := range ids[:min(len(ids), maxCandidates)] {
		args[i] = id
	}
	rows, err := b.st[storyDocsOf].QueryContext(b.ctx, args...)
	out, err := scanAll(rows, err, func(r *sql.Rows) (candidate, error) {
		var c candidate
		return c, r.Scan(&c.itemID, &c.storyID, &c.doc)
	})
	if err != nil {
		return nil, fmt.Errorf("read candidates: %w", err)
	}
	slices.SortFunc(out, func(a, c candidate) int {
		return cmp.Compare(slices.Index(ids, a.itemID), slices.Index(ids, c.itemID))
	})
	return out, nil
}

// candidateDoc decodes the candidate's stored Doc, or reduces its text
// when the stored one is of an older reduction.
func (b *batch) candidateDoc(c candidate) (cluster.Doc, error) {
	if doc, err := cluster.DecodeDoc(c.doc); err == nil {
		return doc, nil
	}
	var title, summary, content string
	err := b.st[candidateText].QueryRowContext(b.ctx, c.itemID).Scan(&title, &summary, &content)
	if err != nil {
		return cluster.Doc{}, fmt.Errorf("read candidate %d: %w", c.itemID, err)
	}
	return storyDoc(title, summary, content).doc, nil
}

// placeStory records the item id in its story: it opens one (story id =
// item id, story key = item key) or moves the joined story's last_seen;
// then it keeps the item's reduced text and candidate keys for the items
// that will compare with it (see keepDoc).
func (b *batch) placeStory(id int64, key string, j join, published, seen time.Time, r reduced) error {
	var err error
	if j.storyID == 0 {
		_, err = b.st[insertStory].ExecContext(b.ctx, id, key, encTimeNotNull(seen), encTime(published))
	} else {
		_, err = b.st[touchStory].ExecContext(b.ctx, j.storyID, encTimeNotNull(seen))
	}
	if err != nil {
		return fmt.Errorf("record story of item %s: %w", key, err)
	}
	return b.keepDoc(id, cmp.Or(j.storyID, id), seen, r)
}

// keepDoc stores the item's reduced text and candidate keys, when it has
// keys and was first seen within the story window: no later item looks
// further back.
func (b *batch) keepDoc(id, storyID int64, seen time.Time, r reduced) error {
	keys := r.sig.Keys()
	if keys == nil || seen.Before(b.now.Add(-b.window)) {
		return nil
	}
	at := encTimeNotNull(seen)
	if _, err := b.st[insertDoc].ExecContext(b.ctx, id, at, storyID, r.doc.Encode()); err != nil {
		return fmt.Errorf("keep reduced text of item %d: %w", id, err)
	}
	list, err := json.Marshal(keys)
	if err != nil {
		return fmt.Errorf("keep keys of item %d: %w", id, err)
	}
	if _, err := b.st[insertKeys].ExecContext(b.ctx, string(list), at, id); err != nil {
		return fmt.Errorf("keep keys of item %d: %w", id, err)
	}
	return nil
}

// mergeReason maps a cluster reason to the published one.
func mergeReason(r string) string {
	switch r {
	case cluster.ReasonSameTitle:
		return tipwire.MergeSameTitle
	case cluster.ReasonNearDuplicate:
		return tipwire.MergeNearDuplicate
	}
	return r
}
