package cluster

import (
	"hash/fnv"
	"math"
)

// LSH shape: NumBands bands of bandRows MinHash rows each, plus the title key.
const (
	NumBands = 8
	bandRows = 2
)

// Bands returns the Doc's candidate keys: one per MinHash band, then one
// for the normalised title (when it is long enough for the same-title
// rule). Docs that share no key are never compared. It returns nil for a
// Doc with too little text for either rule. Keys are stable across runs
// and versions of Go, so a store can index them.
func (d Doc) Bands() []int64 {
	var keys []int64
	if len(d.words) >= MinWords {
		keys = d.minhashBands()
	}
	if d.titleLen >= MinTitleWords {
		keys = append(keys, int64(hashString(0xff, d.title)))
	}
	return keys
}

func (d Doc) minhashBands() []int64 {
	var mins [NumBands * bandRows]uint64
	for i := range mins {
		mins[i] = math.MaxUint64
	}
	for _, w := range d.words {
		h := hashString(0, w)
		for i := range mins {
			// One cheap permutation per row: mixing the word's hash with a
			// per-row constant behaves like an independent hash function.
			if v := mix(h ^ rowSeed(i)); v < mins[i] {
				mins[i] = v
			}
		}
	}
	keys := make([]int64, NumBands)
	for b := range keys {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for r := range bandRows {
			h = mix(h ^ mins[b*bandRows+r])
		}
		keys[b] = int64(h)
	}
	return keys
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
