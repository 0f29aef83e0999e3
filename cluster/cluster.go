// Package cluster decides whether two news items report the same event, so
// that copies of one story from several outlets become one story. It is
// pure: no I/O, no state, the same answer for the same input.
//
// An item is reduced to a Doc: its title and the first words of its lead,
// as a set of content words (lowercased, stopwords dropped, lightly
// stemmed), plus the names and numbers it mentions. Two Docs are the same
// story when Compare says so, by one of two rules, precision first:
//
//  1. Same title: their normalised titles are equal and have at least
//     MinTitleWords content words.
//  2. Near-duplicate: both have at least MinWords content words and the
//     Jaccard similarity of their word sets is at least Threshold.
//
// Either rule is vetoed by a substitution: when each side mentions a name
// or number the other text does not contain at all ("Police arrest man in
// Bangkok" against "Police arrest man in Manila", "23 victims" against "32
// victims"), the two are different events written from one template. A
// name is a capitalised word that does not start a sentence (capitals in a
// Title Case headline prove nothing); a number is any word with a digit.
//
// Finding candidates must not mean comparing against every stored item:
// Bands returns locality-sensitive keys (MinHash, in bands of two rows,
// plus one key for the normalised title). Two Docs with similarity s share
// at least one band key with probability 1-(1-s²)^NumBands (0.90 at s=0.5,
// 0.98 at s=0.6), and equal titles always share one; a store indexes the
// keys and compares only the items that share one.
package cluster

import (
	"slices"
	"strings"
)

// Rules of Compare.
const (
	Threshold     = 0.5 // minimum Jaccard similarity of a near-duplicate
	MinWords      = 8   // fewer content words than this: too little text to call near-duplicate
	MinTitleWords = 4   // shorter normalised titles are too generic to merge on
)

// Reasons Compare gives for a merge.
const (
	ReasonSameTitle     = "same title"
	ReasonNearDuplicate = "near-duplicate"
)

// Doc is an item's title and lead reduced for comparison. The zero Doc
// matches nothing.
type Doc struct {
	title    string   // normalised title: content words joined by spaces
	titleLen int      // content words in the title
	words    []string // sorted distinct content words of title and lead
	// every word of the text, stopwords included, lowercased and stemmed,
	// sorted and distinct: a sorted slice costs far less to build than a
	// map, and Compare looks up only a few names.
	sorted []string
	marks  []string // names and numbers (normalised), sorted and distinct
}

// NewDoc reduces a title and a lead (plain text: the caller removes markup)
// to a Doc. Only the first words of the lead count.
func NewDoc(title, lead string) Doc {
	tw := splitWords(title, 0)
	lw := splitWords(lead, maxLeadWords)
	d := Doc{sorted: make([]string, 0, 2*(len(tw)+len(lw)))}
	var titleWords []string
	for _, w := range tw {
		if w.normalised != "" {
			titleWords = append(titleWords, w.normalised)
		}
	}
	d.title, d.titleLen = strings.Join(titleWords, " "), len(titleWords)
	titleCase := isTitleCase(tw)
	for i, ws := range [][]word{tw, lw} {
		for _, w := range ws {
			d.add(w, i == 0 && titleCase)
		}
	}
	slices.Sort(d.words)
	d.words = slices.Compact(d.words)
	slices.Sort(d.marks)
	d.marks = slices.Compact(d.marks)
	slices.Sort(d.sorted)
	d.sorted = slices.Compact(d.sorted)
	return d
}

// add records one word; capsUninformative says its capital proves nothing.
func (d *Doc) add(w word, capsUninformative bool) {
	d.sorted = append(d.sorted, strings.ToLower(w.text))
	if w.normalised == "" {
		return
	}
	d.sorted = append(d.sorted, w.normalised)
	d.words = append(d.words, w.normalised)
	name := w.hasUpper && !w.sentStart && !capsUninformative
	if w.hasDigit || name || (w.allCaps && !capsUninformative) {
		d.marks = append(d.marks, w.normalised)
	}
}

// Words is the number of distinct content words.
func (d Doc) Words() int { return len(d.words) }

// Verdict is Compare's answer.
type Verdict struct {
	Same       bool    // the two Docs report one event
	Reason     string  // ReasonSameTitle or ReasonNearDuplicate when Same
	Similarity float64 // Jaccard similarity of the word sets, 0 to 1
	// Conflict names the substituted names or numbers ("bangkok/manila")
	// when a substitution vetoed a merge.
	Conflict string
}

// Compare says whether a and b report the same event; see the package doc.
func Compare(a, b Doc) Verdict {
	v := Verdict{Similarity: jaccard(a.words, b.words)}
	switch {
	case a.titleLen >= MinTitleWords && a.title == b.title:
		v.Reason = ReasonSameTitle
	case len(a.words) >= MinWords && len(b.words) >= MinWords && v.Similarity >= Threshold:
		v.Reason = ReasonNearDuplicate
	default:
		return v
	}
	if onlyA, onlyB := missing(a.marks, b), missing(b.marks, a); onlyA != "" && onlyB != "" {
		v.Reason, v.Conflict = "", onlyA+"/"+onlyB
		return v
	}
	v.Same = true
	return v
}

// missing returns the first of marks that other's text does not contain,
// or "".
func missing(marks []string, other Doc) string {
	for _, m := range marks {
		if !other.mentions(m) {
			return m
		}
	}
	return ""
}

// minRelated is the shortest word that counts as the stem of a longer one
// in mentions.
const minRelated = 4

// mentions reports whether the text contains m, or a word of which m is
// the start or that is the start of m, at least minRelated letters long:
// a country and its people ("Thai", "Thailand"; "Cambodia", "Cambodian")
// are one name, not a substitution.
func (d Doc) mentions(m string) bool {
	i, found := slices.BinarySearch(d.sorted, m)
	if found || len(m) >= minRelated && i < len(d.sorted) && strings.HasPrefix(d.sorted[i], m) {
		return true
	}
	for n := minRelated; n < len(m); n++ {
		if _, ok := slices.BinarySearch(d.sorted, m[:n]); ok {
			return true
		}
	}
	return false
}

// jaccard is |a∩b| / |a∪b| of two sorted distinct lists.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch strings.Compare(a[i], b[j]) {
		case 0:
			inter++
			i++
			j++
		case -1:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
