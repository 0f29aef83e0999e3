package cluster

import (
	"slices"
	"strings"
)

// Frequent names: a name that stories of other days keep mentioning (a
// trial's defendant, an agency that raids every week, a port where boats
// keep landing) says that reports are about one subject, not that they
// report one event. Stories of the same day are left out of the count:
// they are most often other outlets' reports of the very event.
const (
	MinFrequent   = 2 // stories of other days that mention the name
	otherDayApart = 2 // days between publications for a story to be of another day
)

// Frequent is a set of names and counts that are frequent among the
// recent stories a Doc is compared with (see FrequentAmong). The nil
// Frequent holds nothing.
type Frequent map[string]bool

// FrequentAmong returns the specific names and counts of d that at least
// MinFrequent of the stories published on other days than d mention, each
// story given as its items' Docs. A store passes the stories of d's
// candidates: the recent stories that share a key with d, which is where
// a name d shares with many of them shows. Without publication dates
// nothing is frequent.
func FrequentAmong(d Doc, stories [][]Doc) Frequent {
	var f Frequent
	for _, k := range d.ev.specific() {
		n := 0
		for _, docs := range stories {
			if otherDay(d, docs) && slices.ContainsFunc(docs, func(o Doc) bool { return has(o.ev.names, k) || has(o.ev.numbers, k) }) {
				n++
			}
		}
		if n >= MinFrequent {
			if f == nil {
				f = Frequent{}
			}
			f[k] = true
		}
	}
	return f
}

// otherDay reports whether every item of a story was published at least
// otherDayApart days from d.
func otherDay(d Doc, docs []Doc) bool {
	if d.day == 0 {
		return false
	}
	return !slices.ContainsFunc(docs, func(o Doc) bool { return o.day == 0 || max(o.day-d.day, d.day-o.day) < otherDayApart })
}

// CompareWith is Compare with the names and counts in f counting as no
// evidence for the same-event rule (they still count as names for its
// vetoes).
func CompareWith(a, b Doc, f Frequent) Verdict {
	if len(f) == 0 {
		return Compare(a, b)
	}
	return Compare(a.without(f), b.without(f))
}

// without returns the Doc with the frequent names and counts no longer
// evidence for sharing an event; they stay in its names, numbers and
// headline, so they still tell events apart.
func (d Doc) without(f Frequent) Doc {
	var ents []string
	for _, e := range d.ev.entities {
		// One frequent word makes the whole name frequent.
		if !slices.ContainsFunc(strings.Split(e, "+"), func(w string) bool { return f[w] }) {
			ents = append(ents, e)
		}
	}
	d.ev.entities, d.ev.frequent = ents, f
	return d
}
