package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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

// storyDoc is the comparable text of an item: its title and lead.
func storyDoc(title, summary, content string) cluster.Doc {
	lead := summary
	if lead == "" {
		lead = content
	}
	if len(lead) > leadBytes {
		lead = lead[:leadBytes]
	}
	return cluster.NewDoc(title, tipwire.PlainText(lead))
}

// findStory looks for a story the new item belongs to among the items
// first seen within the window that share a candidate key with it, and
// returns the most similar one that cluster.Compare accepts.
func (b *batch) findStory(p *pending, seen time.Time) (join, error) {
	if p.sig.Keys() == nil {
		return join{}, nil
	}
	if err := b.stories.sync(b.ctx, b.st, b.now, b.window, b.logger); err != nil {
		return join{}, err
	}
	ids := b.stories.candidates(p.sig, encTimeNotNull(seen.Add(-b.window)))
	if len(ids) == 0 {
		return join{}, nil
	}
	mine, err := cluster.DecodeDoc(p.encoded)
	if err != nil {
		return join{}, fmt.Errorf("decode own reduced text: %w", err)
	}
	cands, err := readCandidates(b.ctx, b.st, ids)
	if err != nil {
		return join{}, err
	}
	docs := make([]cluster.Doc, len(cands))
	for i, c := range cands {
		if docs[i], err = b.candidateDoc(c); err != nil {
			return join{}, err
		}
	}
	// A name many of the candidates' stories share is the week's subject,
	// not evidence of one event.
	freq := cluster.FrequentAmong(mine, byStory(cands, docs))
	var best join
	for i, c := range cands {
		v := cluster.CompareWith(mine, docs[i], freq)
		if v.Same && (best.storyID == 0 || v.Similarity > best.similarity) {
			best = join{storyID: c.storyID, reason: v.Explain(), similarity: v.Similarity}
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

// byStory groups the candidates' Docs by story.
func byStory(cands []candidate, docs []cluster.Doc) [][]cluster.Doc {
	var out [][]cluster.Doc
	at := map[int64]int{}
	for i, c := range cands {
		j, ok := at[c.storyID]
		if !ok {
			j = len(out)
			at[c.storyID] = j
			out = append(out, nil)
		}
		out[j] = append(out[j], docs[i])
	}
	return out
}

// candidate is a stored item a new one may join, with its story and its
// stored reduced text.
type candidate struct {
	itemID, storyID int64
	doc             string
}

// candidateDoc decodes the candidate's stored Doc, or reduces its text
// when the stored one is of an older reduction.
func (b *batch) candidateDoc(c candidate) (cluster.Doc, error) {
	if doc, err := cluster.DecodeDoc(c.doc); err == nil {
		return doc, nil
	}
	doc, err := readDoc(b.ctx, b.st, c.itemID)
	if err != nil {
		return cluster.Doc{}, fmt.Errorf("read candidate: %w", err)
	}
	return doc, nil
}

// readDoc reduces a stored item's text again, with its publication date.
func readDoc(ctx context.Context, st *stmts, id int64) (cluster.Doc, error) {
	var title, summary, content string
	var published sql.NullInt64
	if err := st[candidateText].QueryRowContext(ctx, id).Scan(&title, &summary, &content, &published); err != nil {
		return cluster.Doc{}, fmt.Errorf("read text of item %d: %w", id, err)
	}
	return storyDoc(title, summary, content).WithDate(decTime(published)), nil
}

// placeStory records the new item id in its story: it opens one (story id
// = item id, story key = item key) or moves the joined story's last_seen;
// then it keeps the item's reduced text for the items that will compare
// with it and indexes its candidate keys (storyIndex).
func (b *batch) placeStory(id int64, key string, j join, published time.Time, seen time.Time, p *pending) error {
	var err error
	if j.storyID == 0 {
		_, err = b.st[insertStory].ExecContext(b.ctx, id, key, encTimeNotNull(seen), encTime(published))
	} else {
		_, err = b.st[touchStory].ExecContext(b.ctx, j.storyID, encTimeNotNull(seen))
	}
	if err != nil {
		return fmt.Errorf("record story of item %s: %w", key, err)
	}
	if p.sig.Keys() == nil {
		return nil
	}
	if err := b.stories.sync(b.ctx, b.st, b.now, b.window, b.logger); err != nil {
		return err
	}
	storyID := j.storyID
	if storyID == 0 {
		storyID = id // the item opens its story
	}
	if _, err := b.st[insertDoc].ExecContext(b.ctx, id, encTimeNotNull(seen), storyID, p.encoded); err != nil {
		return fmt.Errorf("keep reduced text of item %s: %w", key, err)
	}
	b.stories.add(id, encTimeNotNull(seen), p.sig)
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
	if evidence, ok := strings.CutPrefix(r, cluster.ReasonSameEvent); ok {
		return tipwire.MergeSameEvent + evidence // with the names and numbers shared
	}
	return r
}

// enrich keeps the fuller text of an item's copies for comparison: when
// this copy of stored item id says more than the text the item is compared
// by (an aggregator's headline, then the outlet's own copy with its lead),
// or replaces it (edited), the item's reduced text and candidate keys
// become this copy's, so the reports that come later within the story
// window are compared with the lead.
func (b *batch) enrich(id int64, p *pending, replaced bool) error {
	var (
		storyID, seen int64
		storedLen     int
		enc           string
	)
	if err := b.st[docOfItem].QueryRowContext(b.ctx, id).Scan(&storyID, &seen, &storedLen, &enc); err != nil {
		return fmt.Errorf("read reduced text of item %d: %w", id, err)
	}
	if !replaced && !p.reduced && len(p.Summary)+len(p.Content) <= storedLen {
		return nil // no more text than the stored copy: nothing to reduce
	}
	if !p.reduced {
		p.reduce()
	}
	if p.encoded == "" || seen < encTimeNotNull(b.seenAt(p.Item).Add(-b.window)) {
		return nil
	}
	if old, err := cluster.DecodeDoc(enc); err == nil && !replaced {
		if mine, _ := cluster.DecodeDoc(p.encoded); mine.Words() <= old.Words() {
			return nil
		}
	}
	if _, err := b.st[insertDoc].ExecContext(b.ctx, id, seen, storyID, p.encoded); err != nil {
		return fmt.Errorf("keep fuller reduced text of item %d: %w", id, err)
	}
	if err := b.stories.sync(b.ctx, b.st, b.now, b.window, b.logger); err != nil {
		return err
	}
	b.stories.add(id, seen, p.sig) // the old keys stay indexed: they find the same item
	return nil
}
