package tags

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tipwire/tipwire/text"
)

// token is one word of a field: letters, digits and combining marks.
type token struct {
	word       string // text.Fold of the word
	start, end int    // byte offsets in the field's text
	capital    bool   // the first letter is upper case in the text
	upper      bool   // every letter is upper case in the text
}

// field is one part of an item (title, summary, content, a category).
type field struct {
	text      string
	folded    string // the whole text folded, for substring matching; "" without scripts
	toks      []token
	title     bool      // the item's title: evidence there counts double
	titleCase bool      // most long words are capitalised: capitals say little
	allCaps   bool      // every word is in capitals: "upper" says nothing
	scripts   scriptSet // the scripts written without spaces in text
}

// newField splits s into folded words and notes how it is capitalised.
func newField(s string, title bool) *field {
	f := &field{text: s, title: title, scripts: scriptsOf(s)}
	if f.scripts != 0 {
		f.folded = text.Fold(s)
	}
	// Letters, digits and the marks that belong to them, so an Indic or
	// Thai name is one word.
	words := text.Split{Marks: true}
	// Sized first: tokens are most of what tagging allocates.
	n := 0
	for range text.Spans(s, words) {
		n++
	}
	f.toks = make([]token, 0, n)
	for start, end := range text.Spans(s, words) {
		f.toks = append(f.toks, newToken(s, start, end))
	}
	f.titleCase, f.allCaps = capitalisation(f.toks)
	return f
}

func newToken(field string, start, end int) token {
	s := field[start:end]
	first, _ := utf8.DecodeRuneInString(s)
	upper := true
	for _, r := range s {
		if unicode.IsLower(r) {
			upper = false
			break
		}
	}
	return token{word: text.Fold(s), start: start, end: end, capital: unicode.IsUpper(first), upper: upper}
}

// capitalisation reports whether a field is in title case (at least three
// words of four letters or more, seven in ten of them capitalised) or all in
// capitals; headlines are often both, and then a capital letter does not tell
// a name from a word.
func capitalisation(toks []token) (titleCase, allCaps bool) {
	long, capital, upper := 0, 0, 0
	for _, t := range toks {
		if utf8.RuneCountInString(t.word) < 4 {
			continue
		}
		long++
		if t.capital {
			capital++
		}
		if t.upper {
			upper++
		}
	}
	if long < 3 {
		return false, false
	}
	return capital*10 >= long*7, upper == long
}

// adjacent reports whether only spaces separate tokens a and b of f.
func (f *field) adjacent(a, b int) bool {
	if a < 0 || b >= len(f.toks) {
		return false
	}
	return strings.TrimSpace(f.text[f.toks[a].end:f.toks[b].start]) == ""
}

// possessive reports whether token i is followed by 's ("Chad's").
func (f *field) possessive(i int) bool {
	if i+1 >= len(f.toks) || f.toks[i+1].word != "s" {
		return false
	}
	gap := f.text[f.toks[i].end:f.toks[i+1].start]
	return gap == "'" || gap == "’"
}

// age reports whether token i is followed by ", 34": a person's age.
func (f *field) age(i int) bool {
	rest := strings.TrimLeft(f.text[f.toks[i].end:], " ")
	if !strings.HasPrefix(rest, ",") {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " ")
	return rest != "" && rest[0] >= '0' && rest[0] <= '9'
}

// scriptSet is a set of the scripts written without spaces between words
// (or, for Hangul, with particles glued to names), whose names are found as
// substrings.
type scriptSet uint16

// scriptOf returns the script of r as a set, empty for other scripts.
func scriptOf(r rune) scriptSet {
	if r < 0x0E00 {
		return 0
	}
	for i, tab := range []*unicode.RangeTable{unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
		unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Tibetan, unicode.Hangul} {
		if unicode.Is(tab, r) {
			return 1 << i
		}
	}
	return 0
}

// scriptsOf returns the scripts written without spaces that s uses.
func scriptsOf(s string) scriptSet {
	var set scriptSet
	for _, r := range s {
		set |= scriptOf(r)
	}
	return set
}
