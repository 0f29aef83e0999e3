package tags

import "strings"

// placeWordList are words that, right before an ambiguous name, show it is
// a place ("in Jordan", "from Chad"), in the languages of the data.
const placeWordList = "in into from to across of and or between via through near within throughout toward towards against with at by for inside outside on en de du a au aux del desde para por dari ke di nach aus im"

// stateWordList are words that, right after an ambiguous name, show it is a
// state ("Jordan police", "Chad army").
const stateWordList = "government govt police authorities authority army military border borders officials official court courts ministry minister president king queen prime parliament embassy national nationals capital state troops forces security immigration citizens workers women girls children migrants refugees coast navy prosecutors judiciary junta"

// wordSet makes a set of the space-separated words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// hit is an alias found in a field: the words toks[i:i+n].
type hit struct {
	a *alias
	f *field
	i int
}

// countries returns the codes of the countries the fields name.
func (g *gazetteer) countries(fields []*field) map[string]bool {
	out := map[string]bool{}
	for _, f := range fields {
		for _, h := range g.hits(f) {
			if code := g.resolve(h, fields); code != "" {
				out[code] = true
			}
		}
		if f.scripts == 0 {
			continue
		}
		for _, a := range g.subs {
			if a.pat.in(f) {
				out[a.code] = true
			}
		}
	}
	return out
}

// hits scans a field left to right, taking the longest alias at each
// position, so "Papua New Guinea" is one hit and its "Guinea" none.
func (g *gazetteer) hits(f *field) []hit {
	var out []hit
	for i := 0; i < len(f.toks); {
		var found *alias
		for _, a := range g.byFirst[f.toks[i].word] {
			if a.pat.matchAt(f.toks, i) {
				found = a
				break
			}
		}
		if found == nil {
			i++
			continue
		}
		out = append(out, hit{a: found, f: f, i: i})
		i += len(found.pat.words)
	}
	return out
}

// resolve applies an alias's rules to one occurrence: the code it stands for
// there, or "".
func (g *gazetteer) resolve(h hit, fields []*field) string {
	r := h.a.rules
	if h.a.code == "" || !g.allow(h) {
		return ""
	}
	for _, a := range r.alts {
		if anyIn(a.context, fields) {
			return a.code
		}
	}
	return h.a.code
}

// allow checks the capitalisation rules at one occurrence.
func (g *gazetteer) allow(h hit) bool {
	r, f, n := h.a.rules, h.f, len(h.a.pat.words)
	first := f.toks[h.i]
	switch {
	case (r.capital || r.proper) && !first.capital:
		return false
	case r.upper && (f.allCaps || !allUpper(f.toks[h.i:h.i+n])):
		return false
	case r.proper:
		return g.properPlace(f, h.i, h.i+n-1)
	}
	return true
}

func allUpper(toks []token) bool {
	for _, t := range toks {
		if !t.upper {
			return false
		}
	}
	return true
}

// properPlace decides whether a name that is also a given name (Chad,
// Jordan) stands for the place at toks[i:j+1]: a place word before it or a
// state word or possessive after it says yes; a capitalised neighbour (a
// first or last name) or a following age says no; in a field where every
// word is capitalised only the positive signs count.
func (g *gazetteer) properPlace(f *field, i, j int) bool {
	prev, next := i-1, j+1
	hasPrev, hasNext := f.adjacent(prev, i), f.adjacent(j, next)
	switch {
	case hasPrev && g.place[f.toks[prev].word]:
		return true
	case f.possessive(j), hasNext && g.state[f.toks[next].word]:
		return true
	case f.age(j):
		return false
	case hasPrev && f.toks[prev].capital, hasNext && f.toks[next].capital:
		return false
	}
	return !f.titleCase && !f.allCaps
}

// anyIn reports whether any of the patterns occurs in any field.
func anyIn(pats []pattern, fields []*field) bool {
	for _, p := range pats {
		for _, f := range fields {
			if p.in(f) {
				return true
			}
		}
	}
	return false
}
