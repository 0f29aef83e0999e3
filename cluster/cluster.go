// Package cluster decides whether two news items report the same event, so
// that copies of one story from several outlets become one story. It is
// pure: no I/O, no state, the same answer for the same input.
//
// An item is reduced to a Doc: its title and the first words of its lead,
// as a set of content words (lowercased, stopwords dropped, lightly
// stemmed), plus the names and numbers it mentions, the phase of a case
// its headline names, and its publication date (WithDate). Two Docs are
// the same story when Compare says so, by one of three rules, precision
// first:
//
//  1. Same title: their normalised titles are equal and have at least
//     MinTitleWords content words.
//  2. Near-duplicate: both have at least MinWords content words and the
//     Jaccard similarity of their word sets is at least Threshold.
//  3. Same event: reports written apart (another outlet's words, another
//     language) share few words but the event's specific names and counts:
//     together with what their headlines share they weigh at least two (a
//     name or count one, a year or an estimate half; a specific headline
//     word half, up to one and a half; with a name or such a word, half
//     for a country both headlines name, half for one kind of event both
//     report, and half more when both headlines name a shared name), and
//     each headline leads with a name or count the other report mentions,
//     or the headlines share enough words to say so. With no shared name
//     or count, three specific headline words are the least. A word is
//     specific when it is not the topic's vocabulary, nor a country. An
//     acronym its own text spells out is an agency or industry, not a
//     name; a day beside a month is a date, not a count. Names are
//     capitalised words that do not start a sentence (capitals in a Title
//     Case headline prove nothing), accents folded, so they carry across
//     languages written in Latin script; numbers carry across all. Names
//     of countries and their peoples, agencies, institutions and months
//     are shared by too many events to count, and so are the names the
//     stories of other days keep mentioning (CompareWith, FrequentAmong:
//     the defendant of a trial reported daily). An annual report of the
//     field named with a year both mention is its edition, which weighs
//     two (a Thai text's Buddhist Era year is read as the common era's).
//
// Rules 1 and 2 are vetoed by a substitution: when each side mentions a
// name or number the other text does not contain at all ("Police arrest
// man in Bangkok" against "Police arrest man in Manila", "23 victims"
// against "32 victims"), the two are different events written from one
// template, unless rule 3 finds the specific evidence of one event. Every
// rule is vetoed when the two were published more than MaxDays apart (a
// 2009 and a 2020 report with one title are two events), when one
// headline names a phase of a case the other report does not mention (the
// sentencing after the verdict, the closure after the raid, the flight
// home after the rescue, the announcement before the release), and when
// the headlines lead with different counts or different years.
//
// Finding candidates must not mean comparing against every stored item:
// Signature returns locality-sensitive keys (MinHash, in bands of two
// rows, one key for the normalised title, and one per specific name or
// count, at most MaxNameKeys). Two Docs with similarity s share at least
// one band key with probability 1-(1-s²)^NumBands (0.90 at s=0.5, 0.98 at
// s=0.6), equal titles always share one, and reports of one event that
// rule 3 can merge share a name key; a store indexes the keys and compares
// only the items that share one.
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
	ReasonSameEvent     = "same event"
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
	ev     evidence // names, numbers and phases for the same-event rule
	day    int64    // publication day (days since 1970 plus one); 0 unknown
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
	d.ev = newEvidence(tw, lw, titleCase)
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
	Reason     string  // ReasonSameTitle, ReasonNearDuplicate or ReasonSameEvent when Same
	Similarity float64 // Jaccard similarity of the word sets, 0 to 1
	// Conflict names the substituted names or numbers ("bangkok/manila")
	// when a substitution vetoed a merge, or says what else did.
	Conflict string
	// Evidence lists the names and numbers both mention, for
	// ReasonSameEvent.
	Evidence string
}

// Explain is the verdict in words: the reason, and for ReasonSameEvent the
// evidence ("same event: benjina, 319").
func (v Verdict) Explain() string {
	if v.Reason == ReasonSameEvent && v.Evidence != "" {
		return v.Reason + ": " + v.Evidence
	}
	return v.Reason
}

// Compare says whether a and b report the same event; see the package doc.
func Compare(a, b Doc) Verdict {
	v := Verdict{Similarity: jaccard(a.words, b.words)}
	if v.Conflict = veto(a, b); v.Conflict != "" {
		return v
	}
	switch {
	case a.titleLen >= MinTitleWords && a.title == b.title:
		v.Reason = ReasonSameTitle
	case len(a.words) >= MinWords && len(b.words) >= MinWords && v.Similarity >= Threshold:
		v.Reason = ReasonNearDuplicate
	default:
		if v.Evidence, v.Same = sameEvent(a, b); v.Same {
			v.Reason = ReasonSameEvent
		}
		return v
	}
	if onlyA, onlyB := missing(a.marks, b), missing(b.marks, a); onlyA != "" && onlyB != "" {
		// A template (one text, another city) shares no specific names;
		// two outlets' reports of one event, each naming someone the
		// other does not, do.
		v.Reason, v.Conflict = "", onlyA+"/"+onlyB
		if v.Evidence, v.Same = sameEvent(a, b); v.Same {
			v.Reason, v.Conflict = ReasonSameEvent, ""
		}
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
