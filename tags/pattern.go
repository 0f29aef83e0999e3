package tags

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// pattern is a phrase from the data files: consecutive words (the last of
// which may be a prefix), or, for scripts written without spaces, a substring.
type pattern struct {
	words  []string
	prefix []bool // prefix[i]: words[i] was written with a trailing '*'
	sub    string // when set, the folded text to find anywhere in a field
}

// parsePattern reads one phrase as written in a data file.
func parsePattern(s string) (pattern, error) {
	s = strings.TrimSpace(s)
	if hasNoSpaceScript(s) {
		return pattern{sub: fold(strings.TrimSuffix(s, "*"))}, nil
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

// key is the first word, by which patterns are indexed; "" for prefixes and
// substrings, which are tried at every position.
func (p pattern) key() string {
	if p.sub != "" || p.prefix[0] {
		return ""
	}
	return p.words[0]
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
		return f.noSpace && strings.Contains(f.folded, p.sub)
	}
	at := f.index()
	if !p.prefix[0] {
		for _, i := range at[p.words[0]] {
			if p.matchAt(f.toks, i) {
				return true
			}
		}
		return false
	}
	for w, is := range at {
		if strings.HasPrefix(w, p.words[0]) && slices.ContainsFunc(is, func(i int) bool { return p.matchAt(f.toks, i) }) {
			return true
		}
	}
	return false
}
