package cluster

import (
	"hash/fnv"
	"math"
	"slices"
)

// LSH shape: NumBands bands of bandRows MinHash rows each, plus the title key.
const (
	NumBands = 8
	bandRows = 2
)

// Signature is what a store indexes a Doc by to find its candidates.
type Signature struct {
	Bands  []int64 // one key per MinHash band; nil when the Doc has too few words
	Title  int64   // the normalised title's key; 0 when it is too short to merge on
	Sketch Sketch  // the MinHash values the bands are made of; zero without bands
	// Names are keys of the specific names and counts the Doc mentions,
	// headline first (at most MaxNameKeys): reports of one event in other
	// words or languages share few words, so no band, but these.
	Names []int64
}

// MaxNameKeys bounds a Signature's name keys.
const MaxNameKeys = 6

// Keys returns the Signature's candidate keys: the bands, the title key,
// then the name keys.
func (s Signature) Keys() []int64 {
	keys := slices.Clip(s.Bands)
	if s.Title != 0 {
		keys = append(keys, s.Title)
	}
	return append(keys, s.Names...)
}

// sketchSize is the number of MinHash values in a Sketch: each of the
// bands' MinHash rows, cut into four 16-bit hashes with a minimum each.
const sketchSize = 4 * NumBands * bandRows

// Sketch is sketchSize MinHash values of a Doc's words, cut to 8 bits: 64
// bytes that estimate the similarity of two Docs without their words (see
// Plausible).
type Sketch [sketchSize]uint8

// minAgree is how many values of two Sketches must agree for Plausible:
// an estimated similarity of 0.31.
const minAgree = 20

// Plausible reports whether two Docs may be near-duplicates: whether at
// least minAgree of their sketches' values agree. Docs of similarity s
// agree on each value with probability s (plus 1/256 by chance, from the
// cut to 8 bits), so a pair at the Threshold (s = 0.5) falls short with
// probability 0.1 %, and less above it, while texts that merely share a
// vocabulary (s = 0.2) pass with probability 2 %: most items that share a
// band key by chance are rejected without reading their text.
func Plausible(a, b Sketch) bool {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return n >= minAgree
}

// Signature returns the Doc's candidate keys and sketch. Keys are stable
// across runs and versions of Go, so a store can keep them.
func (d Doc) Signature() Signature {
	var s Signature
	if len(d.words) >= MinWords {
		var mins [NumBands * bandRows]uint64
		mins, s.Sketch = d.minhashes()
		s.Bands = make([]int64, NumBands)
		for b := range s.Bands {
			h := uint64(b+1) * 0x9e3779b97f4a7c15
			for r := range bandRows {
				h = mix(h ^ mins[b*bandRows+r])
			}
			s.Bands[b] = int64(h)
		}
	}
	if d.titleLen >= MinTitleWords {
		s.Title = int64(hashString(0xff, d.title))
	}
	for _, k := range d.ev.specific() {
		if len(s.Names) == MaxNameKeys {
			return s
		}
		s.Names = append(s.Names, int64(hashString(0xfe, k)))
	}
	// A headline that names little finds the rewrites of itself by its
	// specific words (sharedHeadline).
	for _, w := range specificHeadlineWords(d) {
		if len(s.Names) == MaxNameKeys {
			break
		}
		s.Names = append(s.Names, int64(hashString(0xfd, w)))
	}
	return s
}

// Bands returns the Doc's word keys: one per MinHash band, then one for
// the normalised title (when it is long enough for the same-title rule);
// Signature adds the name keys. It returns nil for a Doc with too little
// text for either rule.
func (d Doc) Bands() []int64 {
	s := d.Signature()
	s.Names = nil
	return s.Keys()
}

// minhashes returns the MinHash rows of the bands and the Doc's sketch.
func (d Doc) minhashes() (mins [NumBands * bandRows]uint64, sk Sketch) {
	var small [sketchSize]uint16
	for i := range mins {
		mins[i] = math.MaxUint64
	}
	for i := range small {
		small[i] = math.MaxUint16
	}
	for _, w := range d.words {
		h := hashString(0, w)
		for i := range mins {
			// One cheap permutation per row: mixing the word's hash with a
			// per-row constant behaves like an independent hash function,
			// and so does each quarter of the result (the mix avalanches).
			v := mix(h ^ rowSeed(i))
			mins[i] = min(mins[i], v)
			for q := range 4 {
				j := 4*i + q
				small[j] = min(small[j], uint16(v>>(16*q)))
			}
		}
	}
	for i, m := range small {
		sk[i] = uint8(m)
	}
	return mins, sk
}

func rowSeed(i int) uint64 { return mix(uint64(i+1) * 0xbf58476d1ce4e5b9) }

// mix is the splitmix64 finaliser: a fast bijection with good avalanche.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashString is FNV-1a of a tag byte and s: fixed, unlike hash/maphash,
// so stored keys stay valid across restarts.
func hashString(tag byte, s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte{tag})
	h.Write([]byte(s))
	return h.Sum64()
}
