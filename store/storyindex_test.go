package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/cluster"
)

// bandsSig is a signature with band keys only and one sketch for all, so
// that every two items sharing a key are plausible near-duplicates.
func bandsSig(keys ...int64) cluster.Signature { return cluster.Signature{Bands: keys} }

func TestStoryIndexRollback(t *testing.T) {
	x := storyIndex{loaded: true}
	x.begin()
	x.add(1, 100, bandsSig(10, 11))
	x.add(2, 110, bandsSig(11, 12))
	x.commit()

	x.begin()
	x.add(3, 120, bandsSig(10, 11, 12))
	x.add(4, 130, bandsSig(12))
	if got := x.candidates(bandsSig(12), 0); !slices.Equal(got, []int64{4, 3, 2}) {
		t.Fatalf("inside the transaction: candidates = %v, want 4 3 2", got)
	}
	x.rollback()
	for _, c := range []struct {
		keys []int64
		want []int64
	}{
		{[]int64{10}, []int64{1}},
		{[]int64{11}, []int64{2, 1}},
		{[]int64{12}, []int64{2}},
		{[]int64{10, 11}, []int64{1, 2}}, // item 1 shares both keys
	} {
		if got := x.candidates(bandsSig(c.keys...), 0); !slices.Equal(got, c.want) {
			t.Errorf("after rollback, candidates(%v) = %v, want %v", c.keys, got, c.want)
		}
	}
	if x.maxID != 2 || x.latest != 110 {
		t.Errorf("after rollback maxID %d latest %d, want 2 and 110", x.maxID, x.latest)
	}

	// A transaction large enough that its keys were merged into the
	// middle run and the sorted ones on the way.
	x.begin()
	for i := range int64(3 * mergeAt) {
		x.add(100+i, 200, bandsSig(11, 1000+i))
	}
	if len(x.recent) >= mergeAt || len(x.mid) == 0 || len(x.sorted) < 4*mergeAt {
		t.Fatalf("no merges: %d recent, %d middle, %d sorted", len(x.recent), len(x.mid), len(x.sorted))
	}
	x.rollback()
	if got := x.candidates(bandsSig(11), 0); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("after rolling back a merged transaction, candidates(11) = %v, want 2 1", got)
	}
	if n := len(x.sorted) + len(x.mid) + len(x.recent); n != 4 {
		t.Errorf("%d key references after rollback, want the 4 committed", n)
	}
}

// Items that share a band by chance are no candidates unless their sketches
// agree; items with the same title key always are.
func TestStoryIndexFiltersByPlausibility(t *testing.T) {
	x := storyIndex{loaded: true}
	var near, far, other cluster.Sketch
	for i := range far {
		far[i], near[i], other[i] = uint8(i+1), uint8(i+100), uint8(i+180)
	}
	copy(near[:], far[:25]) // agrees with far on 25 values
	x.add(1, 100, cluster.Signature{Bands: []int64{10, 11}, Sketch: far})
	x.add(2, 100, cluster.Signature{Bands: []int64{10, 12}, Sketch: near})
	x.add(3, 100, cluster.Signature{Bands: []int64{10, 13}, Title: 99}) // a sketch of zeros agrees with none
	x.add(4, 100, cluster.Signature{Title: 98})
	for _, c := range []struct {
		name string
		sig  cluster.Signature
		want []int64
	}{
		{"agrees with none", cluster.Signature{Bands: []int64{10}, Sketch: other}, nil},
		{"agrees with none, same title as 3", cluster.Signature{Bands: []int64{10}, Sketch: other, Title: 99}, []int64{3}},
		{"agrees with 1 and 2", cluster.Signature{Bands: []int64{10}, Sketch: far}, []int64{2, 1}},
		{"same title, no bands", cluster.Signature{Title: 99}, []int64{3}},
		{"title only on both sides", cluster.Signature{Title: 98}, []int64{4}},
		{"another title, no bands", cluster.Signature{Title: 97}, nil},
	} {
		if got := x.candidates(c.sig, 0); !slices.Equal(got, c.want) {
			t.Errorf("%s: candidates = %v, want %v", c.name, got, c.want)
		}
	}
}

// An index a rolled-back transaction built is not kept: that transaction
// may have written rows that are gone.
func TestStoryIndexRollbackOfBuild(t *testing.T) {
	var x storyIndex
	x.begin()
	x.loaded = true
	x.add(1, 100, bandsSig(10))
	x.rollback()
	if x.loaded || len(x.entries) != 0 || len(x.candidates(bandsSig(10), 0)) != 0 {
		t.Errorf("after rolling back the build: loaded %v, %d entries", x.loaded, len(x.entries))
	}
}

func TestStoryIndexBounds(t *testing.T) {
	var x storyIndex
	x.begin()
	x.loaded = true
	for i := range int64(40) {
		x.add(i+1, 1000+i, bandsSig(7)) // a template's key, shared by 40 items
	}
	x.commit()
	got := x.candidates(bandsSig(7), 0)
	if want := []int64{40, 39, 38, 37, 36, 35, 34, 33}; !slices.Equal(got, want) {
		t.Errorf("candidates of a crowded key = %v, want the %d newest %v", got, maxCandidates, want)
	}
	if got := x.candidates(bandsSig(7), 1036); !slices.Equal(got, []int64{40, 39, 38, 37}) {
		t.Errorf("candidates seen since 1036 = %v, want 40...37", got)
	}
}

func TestStoryIndexCompacts(t *testing.T) {
	const window = int64(time.Hour)
	var x storyIndex
	x.window = window
	x.loaded = true
	step := window / 1000
	var seen int64
	for i := range int64(3000) {
		x.begin()
		seen = i * step
		x.add(i+1, seen, bandsSig(i%50, 1000+i))
		x.commit()
	}
	if x.compactions == 0 {
		t.Fatal("an index three windows long was never compacted")
	}
	if n := len(x.entries); n > 2100 {
		t.Errorf("%d entries after three windows of 1000 items, want at most about two windows", n)
	}
	for _, e := range x.entries {
		if e.seen < seen-2*window {
			t.Fatalf("entry of item %d seen %d kept, more than two windows before %d", e.item, e.seen, seen)
		}
	}
	// Chains survive compaction: the newest items of a key, and a unique key.
	if got := x.candidates(bandsSig(3), seen-window); !slices.Equal(got, []int64{2954, 2904, 2854, 2804, 2754, 2704, 2654, 2604}) {
		t.Errorf("candidates of key 3 = %v", got)
	}
	if got := x.candidates(bandsSig(1000+2500), 0); !slices.Equal(got, []int64{2501}) {
		t.Errorf("candidates of item 2501's own key = %v", got)
	}
}

// Two processes saving into one database (tipwire run, and tipwire fetch
// from cron): each one's index learns the other's new items, so copies of
// one story still meet.
func TestStoryIndexFollowsOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tipwire.db")
	a, clockA := openAt(t, path)
	b, clockB := openAt(t, path)
	ids := addSources(t, a, "https://outlet0.example/rss", "https://outlet1.example/rss", "https://outlet2.example/rss")
	// Both build their index first, from an empty window.
	saveFetch(t, a, ids[2], stateOK(), []tipwire.Item{story(1)})
	saveFetch(t, b, ids[2], stateOK(), []tipwire.Item{story(2)})

	clockB.advance(time.Minute)
	wantStats(t, saveFetch(t, b, ids[0], stateOK(), []tipwire.Item{wireCopy(0)}), tipwire.SaveStats{New: 1, Matched: 1})
	clockA.advance(2 * time.Minute)
	wantStats(t, saveFetch(t, a, ids[1], stateOK(), []tipwire.Item{wireCopy(1)}), tipwire.SaveStats{Merged: 1})
}

// The sorted references, their directory, the middle run and the unsorted
// tail must find exactly what a scan of every entry finds, newest first,
// through merges, rollbacks and compactions.
func TestStoryIndexLookupsMatchScan(t *testing.T) {
	type added struct {
		item, seen int64
		keys       []int64
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]int64, 400) // few keys, so many items share each
	for i := range pool {
		pool[i] = int64(rng.Uint64())
	}
	pool[0] = 0xffffffff // fingerprint ^uint32(0): the last bucket's edge
	var model, mark []added
	x := storyIndex{loaded: true, window: 1 << 40} // compacted by the test only
	check := func(when string) {
		t.Helper()
		for _, k := range pool {
			fp := fingerprint(k)
			var got, want []int64
			x.newest(fp, func(e *indexEntry) bool { got = append(got, e.item); return true })
			for i := len(model) - 1; i >= 0; i-- {
				if slices.ContainsFunc(model[i].keys, func(m int64) bool { return fingerprint(m) == fp }) {
					want = append(want, model[i].item)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: newest(%#x) = %v, want %v", when, fp, got, want)
			}
		}
	}
	item, seen := int64(0), int64(0)
	for round := range 12 {
		x.begin()
		mark = slices.Clone(model)
		for range 300 + rng.IntN(1500) {
			item, seen = item+1, seen+1
			a := added{item: item, seen: seen}
			for _, i := range rng.Perm(len(pool))[:1+rng.IntN(9)] { // a signature's keys differ
				a.keys = append(a.keys, pool[i])
			}
			x.add(a.item, a.seen, bandsSig(a.keys...))
			model = append(model, a)
		}
		check(fmt.Sprintf("round %d, before it ends", round))
		switch round % 4 {
		case 1:
			x.rollback()
			model = mark
		case 3:
			x.commit()
			since := seen - 2000
			x.compact(since)
			model = slices.DeleteFunc(model, func(a added) bool { return a.seen < since })
		default:
			x.commit()
		}
		check(fmt.Sprintf("round %d, after it ended", round))
	}
	if len(x.dir) < 2 || len(x.mid) == 0 || x.compactions == 0 {
		t.Fatalf("directory of %d buckets, middle run of %d, %d compactions: the test missed one",
			len(x.dir), len(x.mid), x.compactions)
	}
}
