package tags

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tipwire/tipwire/text"
)

// pattern is a phrase from the data files: consecutive words (the last of
// which may be a prefix), or, for scripts written without spaces, a substring.
type pattern struct {
	words  []string
	prefix []bool // prefix[i]: words[i] was written with a trailing '*'
	sub    string // when set, the folded text to find anywhere in a field
	// scripts are the no-space scripts of sub: a field lacking one of them
	// cannot contain it.
	scripts scriptSet
}

// parsePattern reads one phrase as written in a data file.
func parsePattern(s string) (pattern, error) {
	s = strings.TrimSpace(s)
	if scriptsOf(s) != 0 {
		sub := text.Fold(strings.TrimSuffix(s, "*"))
		return pattern{sub: sub, scripts: scriptsOf(sub)}, nil
	}
	f := newField(s, false)
	if len(f.toks) == 0 {
		return pattern{}, fmt.Errorf("%q has no words", s)
	}
	p := pattern{}
	for _, t := range f.toks {
		star := t.end < len(s) && s[t.end] == '*'
		if star && utf8.RuneCountInString(t.word) < 3 {
			return pattern{}, fmt.Errorf("%q: a prefix needs at least 3 letters", s)
		}
		p.words = append(p.words, t.word)
		p.prefix = append(p.prefix, star)
	}
	return p, nil
}

// matchAt reports whether the pattern's words start at toks[i].
func (p pattern) matchAt(toks []token, i int) bool {
	if i+len(p.words) > len(toks) {
		return false
	}
	for j, w := range p.words {
		t := toks[i+j].word
		if p.prefix[j] && strings.HasPrefix(t, w) || t == w {
			continue
		}
		return false
	}
	return true
}

// in reports whether the pattern occurs anywhere in f.
func (p pattern) in(f *field) bool {
	if p.sub != "" {
		return f.scripts&p.scripts == p.scripts && strings.Contains(f.folded, p.sub)
	}
	for i := range f.toks {
		if p.matchAt(f.toks, i) {
			return true
		}
	}
	return false
}

// stemLen is how many leading bytes of a prefix index it: a prefix has at
// least 3 letters, so at least 3 bytes, and every word it matches starts
// with the same 3 bytes.
const stemLen = 3

// phraseIndex finds which of many patterns occur in a field by looking up
// each of the field's words once, where trying every pattern at every word
// would cost patterns × words.
type phraseIndex struct {
	pats   []pattern
	byWord map[string][]int // pattern numbers by first word
	byStem map[string][]int // prefix patterns by the stem of their first word
	subs   []int            // substring patterns
}

func newPhraseIndex() *phraseIndex {
	return &phraseIndex{byWord: map[string][]int{}, byStem: map[string][]int{}}
}

// add indexes p as pattern number len(x.pats).
func (x *phraseIndex) add(p pattern) {
	n := len(x.pats)
	x.pats = append(x.pats, p)
	switch {
	case p.sub != "":
		x.subs = append(x.subs, n)
	case p.prefix[0]:
		stem := p.words[0][:stemLen]
		x.byStem[stem] = append(x.byStem[stem], n)
	default:
		x.byWord[p.words[0]] = append(x.byWord[p.words[0]], n)
	}
}

// find calls fn with the number of every pattern that occurs in f, once for
// each place it occurs.
func (x *phraseIndex) find(f *field, fn func(n int)) {
	try := func(ns []int, i int) {
		for _, n := range ns {
			if x.pats[n].matchAt(f.toks, i) {
				fn(n)
			}
		}
	}
	for i, t := range f.toks {
		try(x.byWord[t.word], i)
		if len(t.word) >= stemLen {
			try(x.byStem[t.word[:stemLen]], i)
		}
	}
	for _, n := range x.subs {
		if x.pats[n].in(f) {
			fn(n)
		}
	}
}
