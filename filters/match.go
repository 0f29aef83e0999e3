package filters

import (
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

// Kinds of field an item's text comes in; a rule's field scope selects them.
const (
	kindTitle uint8 = iota
	kindSummary
	kindContent
	kindSource
	kindTag
	// kindAutoTag is a tag tipwire computed (Item.Tags: "KH", "labour"):
	// searched only by tag: terms, so a derived label never counts as
	// evidence in the text.
	kindAutoTag
)

// textFields are the kinds an unscoped term searches: the item's own text.
// The outlet's name is searched only by source: terms, so an outlet called
// "Anti-Slavery International" does not put "slavery" in every item.
const textFields = 1<<kindTitle | 1<<kindSummary | 1<<kindContent | 1<<kindTag

// maxOcc caps the occurrences kept per term, which bounds NEAR's pairwise
// comparison on hostile input that repeats one word thousands of times.
const maxOcc = 256

// fieldBit maps a field scope name to its kind bit.
func fieldBit(name string) (uint8, bool) {
	switch name {
	case "title":
		return 1 << kindTitle, true
	case "summary":
		return 1 << kindSummary, true
	case "content":
		return 1 << kindContent, true
	case "source":
		return 1 << kindSource, true
	case "tag":
		return 1<<kindTag | 1<<kindAutoTag, true
	}
	return 0, false
}

// token is one normalised word of an item: field numbers each title,
// summary, content, outlet name and category apart (a phrase never spans two
// of them), kind says which sort of field it is.
type token struct {
	word  string
	field int
	kind  uint8
}

// document is an item's text, split into words once per Match.
type document struct {
	toks []token
	// The positions in toks, ascending, of each word that begins a term of
	// the Set (keyed by the word) or that a prefix term's first word begins
	// (keyed by that word and '*'). Indexing every word, and sorting them
	// for prefix terms, was a fifth of the cost of matching an item.
	at map[string][]int
}

// heads are the first words of a Set's terms: the words a document
// indexes.
type heads struct {
	exact map[string]bool
	// prefix terms' heads by their first minPrefix bytes: a word looks up
	// its own first bytes instead of trying every prefix.
	prefixes map[string][]term
}

func collectHeads(topics []topic) heads {
	h := heads{exact: map[string]bool{}, prefixes: map[string][]term{}}
	var walk func(n *node)
	add := func(t term) {
		w := t.words[0]
		switch {
		case !t.prefix[0]:
			h.exact[w] = true
		case !slices.ContainsFunc(h.prefixes[w[:minPrefix]], func(p term) bool { return p.head == t.head }):
			h.prefixes[w[:minPrefix]] = append(h.prefixes[w[:minPrefix]], t)
		}
	}
	walk = func(n *node) {
		if n.op == opTerm {
			add(n.term)
		}
		for i := range n.kids {
			walk(&n.kids[i])
		}
	}
	for i := range topics {
		t := &topics[i]
		for j := range t.entries {
			walk(&t.entries[j].expr)
		}
		if t.rule != nil {
			walk(t.rule)
		}
		for _, a := range t.all {
			add(a)
		}
		for j := range t.none {
			walk(&t.none[j])
		}
	}
	return h
}

// span is an occurrence: the words toks[start:end].
type span struct{ start, end int }

func newDocument(it tipwire.Item, h heads) *document {
	d := &document{}
	d.add(it.Title, kindTitle)
	summary := text.PlainText(it.Summary)
	d.add(summary, kindSummary)
	// Many feeds repeat the summary as the content; counting it twice would
	// only inflate scores.
	if content := text.PlainText(it.Content); content != summary {
		d.add(content, kindContent)
	}
	for _, c := range it.Categories {
		d.add(c, kindTag)
	}
	for _, c := range it.Tags {
		d.add(c, kindAutoTag)
	}
	d.add(it.Outlet, kindSource)
	for _, o := range it.Outlets {
		if o.Name != it.Outlet {
			d.add(o.Name, kindSource)
		}
	}
	d.at = map[string][]int{}
	for i, t := range d.toks {
		if h.exact[t.word] {
			d.at[t.word] = append(d.at[t.word], i)
		}
		if len(t.word) < minPrefix {
			continue
		}
		for _, p := range h.prefixes[t.word[:minPrefix]] {
			if strings.HasPrefix(t.word, p.words[0]) {
				d.at[p.head] = append(d.at[p.head], i)
			}
		}
	}
	return d
}

// add appends the words of one field.
func (d *document) add(s string, kind uint8) {
	field := 0
	if n := len(d.toks); n > 0 {
		field = d.toks[n-1].field + 1
	}
	from := len(d.toks)
	d.toks = splitWords(d.toks, s, field)
	for i := from; i < len(d.toks); i++ {
		d.toks[i].kind = kind
	}
}

// find returns the occurrences of t in fields of the given kinds, in text
// order, at most maxOcc of them.
func (d *document) find(t term, kinds uint8) []span {
	starts := d.at[t.head]
	var out []span
	for _, s := range starts {
		if end := s + len(t.words); end <= len(d.toks) && kinds&(1<<d.toks[s].kind) != 0 && d.matchesAt(t, s) {
			out = append(out, span{s, end})
			if len(out) == maxOcc {
				break
			}
		}
	}
	return out
}

// matchesAt reports whether the words of t follow one another from toks[s],
// all in the field of toks[s].
func (d *document) matchesAt(t term, s int) bool {
	field := d.toks[s].field
	for i, w := range t.words {
		tok := d.toks[s+i]
		if tok.field != field {
			return false
		}
		if t.prefix[i] && !strings.HasPrefix(tok.word, w) || !t.prefix[i] && tok.word != w {
			return false
		}
	}
	return true
}

// result is what evaluating a rule node found.
type result struct {
	ok    bool
	spans []span   // where the node matched (for NEAR and scoring)
	terms []string // the terms that fired, as written
}

// eval evaluates n. Occurrences of positive terms overlapping an excluded
// span do not count; under NOT every occurrence counts, so "NOT drug*"
// rejects any mention.
func (d *document) eval(n *node, excl []span, negated bool) result {
	switch n.op {
	case opTerm:
		kinds := n.fields
		if kinds == 0 {
			kinds = textFields
		}
		occ := d.find(n.term, kinds)
		if !negated {
			occ = slices.DeleteFunc(occ, func(o span) bool { return overlapsAny(o, excl) })
		}
		if len(occ) == 0 {
			return result{}
		}
		return result{ok: true, spans: occ, terms: []string{n.term.text}}
	case opNot:
		return result{ok: !d.eval(&n.kids[0], excl, !negated).ok}
	case opNear:
		return d.near(n, excl, negated)
	}
	var out result
	out.ok = n.op == opAnd
	for i := range n.kids {
		r := d.eval(&n.kids[i], excl, negated)
		if n.op == opAnd && !r.ok {
			return result{}
		}
		out.ok = out.ok || r.ok
		out.spans = append(out.spans, r.spans...)
		out.terms = append(out.terms, r.terms...)
	}
	return out
}

// near finds pairs of occurrences of its operands in one field with at most
// n.near words between them.
func (d *document) near(n *node, excl []span, negated bool) result {
	l := d.eval(&n.kids[0], excl, negated)
	r := d.eval(&n.kids[1], excl, negated)
	var out result
	for _, a := range l.spans {
		for _, b := range r.spans {
			gap := max(a.start, b.start) - min(a.end, b.end)
			if d.toks[a.start].field == d.toks[b.start].field && gap <= n.near {
				out.spans = append(out.spans, span{min(a.start, b.start), max(a.end, b.end)})
			}
		}
		if len(out.spans) >= maxOcc {
			break
		}
	}
	if out.ok = len(out.spans) > 0; out.ok {
		out.terms = append(l.terms, r.terms...)
	}
	return out
}

func overlapsAny(o span, spans []span) bool {
	for _, s := range spans {
		if o.start < s.end && s.start < o.end {
			return true
		}
	}
	return false
}

// inTitle reports whether any of spans lies in the title.
func (d *document) inTitle(spans []span) bool {
	return slices.ContainsFunc(spans, func(s span) bool { return d.toks[s.start].kind == kindTitle })
}
