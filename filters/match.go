package filters

import (
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
)

// Scoring constants; see the package documentation.
const (
	titleWeight = 2   // an occurrence in the title
	bodyWeight  = 1   // an occurrence anywhere else
	termCap     = 5   // most a single term's occurrences can add
	termBonus   = 0.5 // added once per fired term
)

// Fields of an item's text, in token order. Categories follow, one field each.
const (
	fieldTitle = iota
	fieldSummary
	fieldContent
	fieldCategories
)

// document is an item's text, split into words once per Match.
type document struct {
	toks []token
	at   map[string][]int // word -> positions in toks, ascending
}

// span is an occurrence: the words toks[start:end].
type span struct{ start, end int }

func newDocument(it tipwire.Item) *document {
	toks := splitWords(nil, it.Title, fieldTitle)
	summary := htmlText(it.Summary)
	toks = splitWords(toks, summary, fieldSummary)
	// Many feeds repeat the summary as the content; counting it twice would
	// only inflate scores.
	if content := htmlText(it.Content); content != summary {
		toks = splitWords(toks, content, fieldContent)
	}
	for i, c := range it.Categories {
		toks = splitWords(toks, c, fieldCategories+i)
	}
	d := &document{toks: toks, at: make(map[string][]int, len(toks))}
	for i, t := range toks {
		d.at[t.word] = append(d.at[t.word], i)
	}
	return d
}

// find returns the occurrences of t in d, in text order.
func (d *document) find(t term) []span {
	var starts []int
	if len(t.words) == 1 && t.prefix {
		for w, pos := range d.at {
			if strings.HasPrefix(w, t.words[0]) {
				starts = append(starts, pos...)
			}
		}
		slices.Sort(starts) // map order is random; results must not be
	} else {
		starts = d.at[t.words[0]]
	}
	var out []span
	for _, s := range starts {
		if end := s + len(t.words); end <= len(d.toks) && d.matchesAt(t, s) {
			out = append(out, span{s, end})
		}
	}
	return out
}

// matchesAt reports whether the words of t follow one another from toks[s],
// all in the field of toks[s].
func (d *document) matchesAt(t term, s int) bool {
	field := d.toks[s].field
	last := len(t.words) - 1
	for i, w := range t.words {
		tok := d.toks[s+i]
		if tok.field != field {
			return false
		}
		if i == last && t.prefix {
			if !strings.HasPrefix(tok.word, w) {
				return false
			}
		} else if tok.word != w {
			return false
		}
	}
	return true
}

// Match returns one Match per topic the item matches, in topic order, or nil.
func (s *Set) Match(it tipwire.Item) []tipwire.Match {
	d := newDocument(it)
	var out []tipwire.Match
	for _, t := range s.topics {
		if m, ok := t.match(d); ok {
			out = append(out, m)
		}
	}
	return out
}

// fired is a term that counted, with the occurrences that counted.
type fired struct {
	term term
	occ  []span
}

// match applies the rules of the package documentation to one topic.
func (t topic) match(d *document) (tipwire.Match, bool) {
	var excluded []span
	for _, n := range t.none {
		excluded = append(excluded, d.find(n)...)
	}
	var hits []fired
	for _, a := range t.any {
		occ := slices.DeleteFunc(d.find(a), func(o span) bool { return overlapsAny(o, excluded) })
		if len(occ) > 0 {
			hits = append(hits, fired{a, occ})
		}
	}
	if len(t.any) > 0 && len(hits) == 0 || len(t.any) == 0 && len(excluded) > 0 {
		return tipwire.Match{}, false
	}
	for _, a := range t.all {
		occ := d.find(a)
		if len(occ) == 0 {
			return tipwire.Match{}, false
		}
		hits = append(hits, fired{a, occ})
	}
	m := tipwire.Match{Topic: t.src.Name, Terms: make([]string, 0, len(hits))}
	for _, h := range hits {
		m.Terms = append(m.Terms, h.term.text)
		m.Score += d.termScore(h.occ)
	}
	return m, true
}

// termScore is one fired term's contribution to the score.
func (d *document) termScore(occ []span) float64 {
	n := 0
	for _, o := range occ {
		if d.toks[o.start].field == fieldTitle {
			n += titleWeight
		} else {
			n += bodyWeight
		}
	}
	return float64(min(n, termCap)) + termBonus
}

func overlapsAny(o span, spans []span) bool {
	for _, s := range spans {
		if o.start < s.end && s.start < o.end {
			return true
		}
	}
	return false
}
