package store

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/cluster"
	"github.com/tipwire/tipwire/text"
)

// DefaultStoryWindow is how far back a new item looks for a story to join
// when SetStoryWindow was not called: as far apart as package cluster lets
// two reports of one event be published (a weekly paper, a reposted copy).
const DefaultStoryWindow = cluster.MaxDays * 24 * time.Hour

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
	// early are the lone reports the new item brings into the story (see
	// earlyReports).
	early []earlyReport
}

// reduced is an item's text as package cluster compares it.
type reduced struct {
	doc cluster.Doc
	sig cluster.Signature
}

// storyDoc is the comparable text of an item: its title and lead, and the
// day it was published (zero: unknown).
func storyDoc(title, summary, content string, published time.Time) reduced {
	lead := summary
	if lead == "" {
		lead = content
	}
	if len(lead) > leadBytes {
		lead = lead[:leadBytes]
	}
	doc := cluster.NewDoc(title, text.PlainText(lead)).WithDate(published)
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
	docs := make([]cluster.Doc, len(cands))
	for i, c := range cands {
		if docs[i], err = b.candidateDoc(c); err != nil {
			return join{}, err
		}
	}
	// A name many of the candidates' stories share is the week's subject,
	// not evidence of one event.
	freq := cluster.FrequentAmong(r.doc, byStory(cands, docs))
	var best join
	verdicts := make([]cluster.Verdict, len(cands))
	for i, c := range cands {
		v := cluster.CompareWith(r.doc, docs[i], freq)
		verdicts[i] = v
		if v.Same && (best.storyID == 0 || v.Similarity > best.similarity) {
			best = join{storyID: c.storyID, reason: v.Explain(), similarity: v.Similarity}
		}
	}
	if best.storyID == 0 {
		return best, nil
	}
	if best.early, err = b.earlyReports(best.storyID, cands, docs, verdicts); err != nil {
		return join{}, err
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

// maxKeys is how many candidate keys one lookup (keyItems) takes: a
// Signature's bands, title key and name keys.
const maxKeys = cluster.NumBands + 1 + cluster.MaxNameKeys

// candidates returns up to maxCandidates items first seen at or after
// since (encoded) that share a key with sig: those sharing the most keys
// first, then the most recent. Per key it reads the perKey most recent.
// Name keys are looked up like the others and nothing filters what they
// find: reports of one event in other words or languages share names, not
// the words a MinHash sketch would find plausible.
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
	doc, err := readDoc(b, c.itemID)
	if err != nil {
		return cluster.Doc{}, fmt.Errorf("read candidate: %w", err)
	}
	return doc.doc, nil
}

// readDoc reduces a stored item's text again, with its publication date.
func readDoc(b *batch, id int64) (reduced, error) {
	var title, summary, content string
	var published sql.NullInt64
	if err := b.st[candidateText].QueryRowContext(b.ctx, id).Scan(&title, &summary, &content, &published); err != nil {
		return reduced{}, fmt.Errorf("read text of item %d: %w", id, err)
	}
	return storyDoc(title, summary, content, decTime(published)), nil
}

// placeStory records the item id in its story: it opens one (story id =
// item id, story key = item key) or moves the joined story's last_seen;
// then it keeps the item's reduced text and candidate keys for the items
// that will compare with it (see keepDoc, for at).
func (b *batch) placeStory(id int64, key string, j join, published, seen, at time.Time, r reduced) error {
	var err error
	if j.storyID == 0 {
		_, err = b.st[insertStory].ExecContext(b.ctx, id, key, encTimeNotNull(seen), encTime(published))
	} else {
		_, err = b.st[touchStory].ExecContext(b.ctx, j.storyID, encTimeNotNull(seen))
	}
	if err != nil {
		return fmt.Errorf("record story of item %s: %w", key, err)
	}
	if err := b.joinEarly(j); err != nil {
		return err
	}
	return b.keepDoc(id, cmp.Or(j.storyID, id), seen, at, r)
}

// keepDoc stores the item's reduced text and candidate keys, when it has
// keys and was first seen within the story window before at (when it is
// saved or comes to match; seen itself for a new item): no later item
// looks further back.
func (b *batch) keepDoc(id, storyID int64, seen, at time.Time, r reduced) error {
	if r.sig.Keys() == nil || seen.Before(at.Add(-b.window)) {
		return nil
	}
	return b.writeDoc(id, storyID, encTimeNotNull(seen), r)
}

// writeDoc stores the item's reduced text, first seen at (encoded), and
// adds its candidate keys to those it has.
func (b *batch) writeDoc(id, storyID, at int64, r reduced) error {
	keys := r.sig.Keys()
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
	if evidence, ok := strings.CutPrefix(r, cluster.ReasonSameEvent); ok {
		return tipwire.MergeSameEvent + evidence // with the names and numbers shared
	}
	return r
}

// enrich keeps the fuller text of a published item's copies for
// comparison: when this copy of stored item id says more than the text the
// item is compared by (an aggregator's headline, then the outlet's own copy
// with its lead), or replaces it (edited), the item's reduced text becomes
// this copy's and its candidate keys are added, so the reports that come
// later within the story window are compared with the lead. The old keys
// stay: they find the same item. An item in no story is compared with
// nothing and is left alone.
func (b *batch) enrich(id int64, p *pending, replaced bool) error {
	var (
		storyID, seen int64
		storedLen     int
		enc           string
	)
	if err := b.st[docOfItem].QueryRowContext(b.ctx, id).Scan(&storyID, &seen, &storedLen, &enc); err != nil {
		return fmt.Errorf("read reduced text of item %d: %w", id, err)
	}
	if storyID == 0 || seen < encTimeNotNull(b.seenAt(p.Item).Add(-b.window)) {
		return nil
	}
	if !replaced && len(p.Summary)+len(p.Content) <= storedLen {
		return nil // no more text than the stored copy: nothing to reduce
	}
	r := p.reduced
	if len(p.Matches) == 0 { // only matched items were reduced before saving
		r = storyDoc(p.Title, p.Summary, p.Content, p.Published)
	}
	if r.sig.Keys() == nil {
		return nil
	}
	if old, err := cluster.DecodeDoc(enc); err == nil && !replaced && r.doc.Words() <= old.Words() {
		return nil
	}
	return b.writeDoc(id, storyID, seen, r)
}
