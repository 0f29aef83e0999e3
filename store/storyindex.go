package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/tipwire/tipwire/cluster"
)

// perKey bounds the items read per candidate key: a key shared by a flood
// of look-alike items (a template, a busy day) costs no more than a rare one.
const perKey = 8

// mergeAt is how many key references wait, unsorted, before they are
// merged into the middle run: lookups scan them, merges move the run.
const mergeAt = 2048

// midShare bounds the middle run to 1/midShare of the sorted references
// (and at least 4 merges' worth) before it is merged into them. Merging
// every mergeAt references straight into the sorted ones moved all of them
// each time: with a busy window of 250,000 items, 18 MiB per 227 items,
// 1,100 moves per reference. Through the middle run it is about 80.
const midShare = 8

// perBucket is about how many sorted references share a bucket of the
// directory: a lookup scans one bucket instead of searching them all.
const perBucket = 8

// storyIndex finds the items of the story window that share a candidate
// key (cluster.Doc.Bands) with a new item. It lives in memory and replaced
// the story_bands table (migration 0009): looking nine keys up in SQL cost
// a new item about 100 µs, as much as inserting it, and the table's two
// B-trees of random keys took a fifth of every commit's pages. With them,
// saving into a database of a million items ran at 50-70 % of the rate on
// an empty one; here a lookup is a directory read and a short scan at any
// size.
//
// story_docs stays the truth. The index is built from it by the first
// write transaction that needs it, catches up with rows that other
// processes committed (by item id: ids only grow) at the start of every
// transaction that uses it, and a candidate whose row is gone (pruned,
// deleted) is skipped. It is used only inside write transactions, which the
// Store runs one at a time (Store.write), and what a transaction added is
// taken back when it rolls back.
//
// Keys are kept as 32-bit fingerprints: two keys that collide make extra
// candidates, which cluster.Compare then rejects, never lost ones. Each
// item's MinHash sketch is kept too, so that most items that share a band
// by chance are never read (cluster.Plausible). Memory is about 175 bytes
// per item of the window: 90 for the entry, 72 for its nine word keys'
// references, and up to 9 each for their directory and the middle run's
// capacity (a 72 h window of a million items in 90 days holds 33,000:
// 6 MiB), plus about 10 bytes per name key (at most cluster.MaxNameKeys). A map with a chain per key took half as much again, and the heap
// the garbage collector keeps grows with what is live.
type storyIndex struct {
	loaded  bool
	synced  bool  // caught up in the current transaction
	maxID   int64 // the highest item id read from story_docs or added
	latest  int64 // the newest seen indexed (encoded time)
	window  int64 // the story window when last compacted, in nanoseconds
	entries []indexEntry
	// Every key of every entry, as references, in three runs from oldest to
	// newest: sorted by key, then entry (so oldest first); the middle run,
	// sorted the same way; and the newest ones in the order added.
	sorted, mid, recent []keyRef
	// dir[b] is the position in sorted of the first reference whose fp has
	// b in its top bits (fp >> shift). With a window of 33,000 items, a
	// binary search over its 300,000 references took 18 steps per key,
	// most of them misses of the CPU cache.
	dir   []int32
	shift uint8
	// What the current transaction started from, to roll back to.
	mark        int
	markMaxID   int64
	markLatest  int64
	markLoaded  bool
	compactions int // counted for tests: compaction is otherwise invisible
}

type indexEntry struct {
	item   int64
	seen   int64  // encoded first-seen time
	title  uint32 // fingerprint of the title key; 0 for none
	bands  bool   // the item has band keys and a sketch
	sketch cluster.Sketch
}

// keyRef says that entry ref has the key whose fingerprint is fp.
type keyRef struct {
	fp  uint32
	ref int32
}

func compareRefs(a, b keyRef) int { return cmp.Or(cmp.Compare(a.fp, b.fp), cmp.Compare(a.ref, b.ref)) }

// fingerprint is a key as the index keeps it.
func fingerprint(k int64) uint32 { return uint32(k) ^ uint32(k>>32) }

// begin marks the start of a write transaction.
func (x *storyIndex) begin() {
	x.mark, x.markMaxID, x.markLatest, x.markLoaded = len(x.entries), x.maxID, x.latest, x.loaded
	x.synced = false
}

// commit keeps what the transaction added, and drops entries that have
// left the window once they are about half of the index.
func (x *storyIndex) commit() {
	if len(x.entries) > 1024 && x.entries[0].seen < x.latest-2*x.window {
		x.compact(x.latest - x.window)
	}
}

// rollback takes back what the transaction added. A transaction that built
// the index leaves it unbuilt: it may have written story_docs rows that are
// gone now.
func (x *storyIndex) rollback() {
	if !x.markLoaded {
		*x = storyIndex{}
		return
	}
	mark := int32(x.mark)
	added := func(r keyRef) bool { return r.ref >= mark }
	x.sorted = slices.DeleteFunc(x.sorted, added)
	x.mid = slices.DeleteFunc(x.mid, added)
	x.recent = slices.DeleteFunc(x.recent, added)
	x.reindex()
	x.entries = x.entries[:x.mark]
	x.maxID, x.latest = x.markMaxID, x.markLatest
}

// add indexes item id, first seen at seen (encoded), by sig.
func (x *storyIndex) add(id, seen int64, sig cluster.Signature) {
	keys := sig.Keys()
	if len(keys) == 0 {
		return
	}
	ref := int32(len(x.entries))
	e := indexEntry{item: id, seen: seen, bands: sig.Bands != nil, sketch: sig.Sketch}
	if sig.Title != 0 {
		e.title = fingerprint(sig.Title)
	}
	x.entries = append(x.entries, e)
	for _, k := range keys {
		x.recent = append(x.recent, keyRef{fp: fingerprint(k), ref: ref})
	}
	x.maxID, x.latest = max(x.maxID, id), max(x.latest, seen)
	if len(x.recent) >= mergeAt {
		x.merge()
	}
}

// merge sorts the recent references into the middle run, and the middle
// run into the sorted references once it has grown to its share.
func (x *storyIndex) merge() {
	slices.SortFunc(x.recent, compareRefs)
	x.mid = mergeRuns(x.mid, x.recent, func(uint32) (int, int) { return 0, len(x.mid) })
	x.recent = x.recent[:0]
	if len(x.mid) < max(4*mergeAt, len(x.sorted)/midShare) {
		return
	}
	x.sorted = mergeRuns(x.sorted, x.mid, x.bucket)
	x.mid = x.mid[:0]
	x.reindex() // one pass, as the merge moved them all
}

// mergeRuns merges the sorted run src into the sorted run dst, from the
// back: each reference finds its place in the part of dst that span (the
// range of dst, before the merge, that may hold its fp) allows, and the
// references after it move in one copy. Stepping through dst would cost a
// comparison per reference it holds.
func mergeRuns(dst, src []keyRef, span func(fp uint32) (lo, hi int)) []keyRef {
	old := len(dst)
	dst = slices.Grow(dst, len(src))[:old+len(src)]
	hi := old // dst[:hi] is what is still to move, and has not moved
	for j := len(src) - 1; j >= 0; j-- {
		r := src[j]
		lo, end := span(r.fp)
		end = min(end, hi)
		lo = min(lo, end)
		p, _ := slices.BinarySearchFunc(dst[lo:end], r, compareRefs)
		p += lo
		copy(dst[p+j+1:], dst[p:hi])
		dst[p+j] = r
		hi = p
	}
	return dst
}

// reindex builds the directory for the sorted references.
func (x *storyIndex) reindex() {
	bits := uint8(4)
	for bits < 30 && 1<<bits*perBucket < len(x.sorted) {
		bits++
	}
	x.shift = 32 - bits
	x.dir = slices.Grow(x.dir[:0], 1<<bits+1)[:1<<bits+1]
	i := 0
	for b := range x.dir {
		for i < len(x.sorted) && int(x.sorted[i].fp>>x.shift) < b {
			i++
		}
		x.dir[b] = int32(i)
	}
}

// bucket returns where the sorted references of fp's bucket are.
func (x *storyIndex) bucket(fp uint32) (lo, hi int) {
	if x.dir == nil {
		return 0, len(x.sorted)
	}
	b := fp >> x.shift
	return int(x.dir[b]), int(x.dir[b+1])
}

// newest calls f with the entries that have fp, newest first, until f
// returns false.
func (x *storyIndex) newest(fp uint32, f func(*indexEntry) bool) {
	for i := len(x.recent) - 1; i >= 0; i-- {
		if x.recent[i].fp == fp && !f(&x.entries[x.recent[i].ref]) {
			return
		}
	}
	if !visitRun(x.mid, 0, len(x.mid), fp, x.entries, f) {
		return
	}
	lo, hi := x.bucket(fp)
	visitRun(x.sorted, lo, hi, fp, x.entries, f)
}

// visitRun calls f with the entries of the sorted run's references with
// fp, searched for in run[lo:hi], newest first; it returns false when f
// did.
func visitRun(run []keyRef, lo, hi int, fp uint32, entries []indexEntry, f func(*indexEntry) bool) bool {
	if fp != ^uint32(0) {
		n, _ := slices.BinarySearchFunc(run[lo:hi], keyRef{fp: fp + 1}, compareRefs)
		hi = lo + n
	}
	for i := hi - 1; i >= lo && run[i].fp == fp; i-- {
		if !f(&entries[run[i].ref]) {
			return false
		}
	}
	return true
}

// candidates returns up to maxCandidates item ids first seen at or after
// since (encoded) that share a key with sig and may be the same story: the
// same title key, or a plausible near-duplicate by their sketches. Those
// sharing the most keys come first, then the most recent. Per key it looks
// at the perKey items most recently indexed with it.
func (x *storyIndex) candidates(sig cluster.Signature, since int64) []int64 {
	type hit struct {
		item, seen int64
		shared     int
	}
	var hits []hit
	title := fingerprint(sig.Title)
	for _, k := range sig.Keys() {
		n := 0
		named := slices.Contains(sig.Names, k) // reports of one event in other words share names
		x.newest(fingerprint(k), func(e *indexEntry) bool {
			sameTitle := sig.Title != 0 && e.title == title
			plausible := sig.Bands != nil && e.bands && cluster.Plausible(sig.Sketch, e.sketch)
			if e.seen >= since && (sameTitle || plausible || named) {
				if h := slices.IndexFunc(hits, func(h hit) bool { return h.item == e.item }); h >= 0 {
					hits[h].shared++
				} else {
					hits = append(hits, hit{item: e.item, seen: e.seen, shared: 1})
				}
			}
			n++
			return n < perKey
		})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.shared, a.shared), cmp.Compare(b.seen, a.seen), cmp.Compare(b.item, a.item))
	})
	out := make([]int64, 0, min(len(hits), maxCandidates))
	for _, h := range hits[:min(len(hits), maxCandidates)] {
		out = append(out, h.item)
	}
	return out
}

// compact keeps the entries first seen at or after since, and their
// references renumbered (which keeps them in order).
func (x *storyIndex) compact(since int64) {
	renum := make([]int32, len(x.entries))
	kept := x.entries[:0:0]
	for i, e := range x.entries {
		renum[i] = -1
		if e.seen >= since {
			renum[i] = int32(len(kept))
			kept = append(kept, e)
		}
	}
	x.entries = kept
	for _, refs := range []*[]keyRef{&x.sorted, &x.mid, &x.recent} {
		out := (*refs)[:0]
		for _, r := range *refs {
			if n := renum[r.ref]; n >= 0 {
				out = append(out, keyRef{fp: r.fp, ref: n})
			}
		}
		*refs = slices.Clip(out)
	}
	x.dir = nil // its memory too: the index may have shrunk a lot
	x.reindex()
	x.compactions++
}

// sync builds the index on the first call of a Store's life, and in every
// later transaction indexes the rows other processes added since. It runs
// once per transaction, inside it, so nothing can commit in between.
func (x *storyIndex) sync(ctx context.Context, st *stmts, now time.Time, window time.Duration, logger *slog.Logger) error {
	if x.synced {
		return nil
	}
	x.window = int64(window)
	since := encTimeNotNull(now.Add(-window))
	if x.loaded {
		_, err := x.readDocs(ctx, st, since)
		x.synced = err == nil
		return err
	}
	start := time.Now()
	stale, err := x.readDocs(ctx, st, since)
	if err != nil {
		return err
	}
	missing, err := x.missingDocs(ctx, st, since)
	if err != nil {
		return err
	}
	n, err := x.refresh(ctx, st, append(stale, missing...))
	if err != nil {
		return err
	}
	x.loaded, x.synced = true, true
	logger.Info("story index built", "items", len(x.entries), "texts_reduced_again", n,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// staleDoc is an item of the window whose reduced text is missing (saved
// before migration 0008) or of another reduction: its keys are unknown
// until its text is reduced again.
type staleDoc struct{ id, seen, story int64 }

// readDocs indexes the story_docs rows after maxID first seen at or after
// since, and returns those whose text it cannot decode.
func (x *storyIndex) readDocs(ctx context.Context, st *stmts, since int64) ([]staleDoc, error) {
	type docRow struct {
		staleDoc
		enc string
	}
	rows, err := st[storyDocsAfter].QueryContext(ctx, x.maxID, since)
	docs, err := scanAll(rows, err, func(r *sql.Rows) (docRow, error) {
		var d docRow
		return d, r.Scan(&d.id, &d.seen, &d.story, &d.enc)
	})
	if err != nil {
		return nil, fmt.Errorf("read story texts: %w", err)
	}
	var stale []staleDoc
	for _, d := range docs {
		if doc, err := cluster.DecodeDoc(d.enc); err == nil {
			x.add(d.id, d.seen, doc.Signature())
		} else {
			stale = append(stale, d.staleDoc)
		}
		x.maxID = max(x.maxID, d.id)
	}
	return stale, nil
}

// missingDocs returns the items of the window without a story_docs row.
// Items too short to have keys have none either, and are reduced again at
// every start; there are few.
func (x *storyIndex) missingDocs(ctx context.Context, st *stmts, since int64) ([]staleDoc, error) {
	rows, err := st[itemsWithoutDoc].QueryContext(ctx, since)
	out, err := scanAll(rows, err, func(r *sql.Rows) (staleDoc, error) {
		var d staleDoc
		return d, r.Scan(&d.id, &d.seen, &d.story)
	})
	if err != nil {
		return nil, fmt.Errorf("find items without reduced text: %w", err)
	}
	return out, nil
}

// refresh reduces the items' text again, stores it and indexes them, and
// returns how many have keys.
func (x *storyIndex) refresh(ctx context.Context, st *stmts, ds []staleDoc) (int, error) {
	slices.SortFunc(ds, func(a, b staleDoc) int { return cmp.Compare(a.id, b.id) })
	n := 0
	for _, d := range ds {
		doc, err := readDoc(ctx, st, d.id)
		if err != nil {
			return n, err
		}
		sig := doc.Signature()
		if sig.Keys() == nil {
			continue
		}
		if _, err := st[insertDoc].ExecContext(ctx, d.id, d.seen, d.story, doc.Encode()); err != nil {
			return n, fmt.Errorf("keep reduced text of item %d: %w", d.id, err)
		}
		x.add(d.id, d.seen, sig)
		n++
	}
	return n, nil
}

// readCandidates reads the story and reduced text of the items ids (at
// most maxCandidates), in one statement and in the order of ids, leaving
// out those whose row is gone (pruned or deleted since they were indexed).
func readCandidates(ctx context.Context, st *stmts, ids []int64) ([]candidate, error) {
	args := make([]any, maxCandidates)
	for i, id := range ids[:min(len(ids), maxCandidates)] {
		args[i] = id
	}
	rows, err := st[storyDocsOf].QueryContext(ctx, args...)
	out, err := scanAll(rows, err, func(r *sql.Rows) (candidate, error) {
		var c candidate
		return c, r.Scan(&c.itemID, &c.storyID, &c.doc)
	})
	if err != nil {
		return nil, fmt.Errorf("read candidates: %w", err)
	}
	slices.SortFunc(out, func(a, b candidate) int {
		return cmp.Compare(slices.Index(ids, a.itemID), slices.Index(ids, b.itemID))
	})
	return out, nil
}
