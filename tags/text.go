package tags

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a field: letters, digits and combining marks.
type token struct {
	word       string // folded: lower case, Latin accents removed
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

// newField splits text into folded words and notes how it is capitalised.
func newField(text string, title bool) *field {
	f := &field{text: text, title: title, scripts: scriptsOf(text)}
	if f.scripts != 0 {
		f.folded = fold(text)
	}
	// Sized first: tokens are most of what tagging allocates.
	n := 0
	eachWord(text, func(int, int) { n++ })
	f.toks = make([]token, 0, n)
	eachWord(text, func(start, end int) { f.toks = append(f.toks, newToken(text, start, end)) })
	f.titleCase, f.allCaps = capitalisation(f.toks)
	return f
}

// eachWord calls fn with the byte span of every word of text.
func eachWord(text string, fn func(start, end int)) {
	start := -1
	for i, r := range text {
		switch word := isWordRune(r); {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(start, i)
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(text))
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func newToken(text string, start, end int) token {
	s := text[start:end]
	first, _ := utf8.DecodeRuneInString(s)
	upper := true
	for _, r := range s {
		if unicode.IsLower(r) {
			upper = false
			break
		}
	}
	return token{word: fold(s), start: start, end: end, capital: unicode.IsUpper(first), upper: upper}
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

// Latin letters with diacritics and what they fold to, rune for rune; enough
// for the European, Vietnamese, Turkish and romanised names in the data.
const (
	foldFrom = "àáâãäåāăąǎạảấầẩẫậắằẳẵặçćĉċčďđèéêëēĕėęěẹẻẽếềểễệĝğġģĥħìíîïĩīĭįıǐịỉķĺļľŀłñńņňòóôõöøōŏőǒọỏốồổỗộớờởỡợơšśŝşșťţțùúûüũūŭůűųǔụủứừửữựưýÿŷỳỵỷỹźżž"
	foldTo   = "aaaaaaaaaaaaaaaaaaaaaacccccddeeeeeeeeeeeeeeeeegggghhiiiiiiiiiiiiklllllnnnnooooooooooooooooooooooossssstttuuuuuuuuuuuuuuuuuuuyyyyyyyzzz"
)

// fold lower-cases s and removes the diacritics of Latin letters, so
// "Türkiye", "TURKIYE" and "turkiye" are one word. Other scripts are only
// lower-cased: their marks are not optional accents.
func fold(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < 0xC0:
		case r == 'œ':
			b.WriteString("oe")
			continue
		case r == 'æ':
			b.WriteString("ae")
			continue
		case r == 'ß':
			b.WriteString("ss")
			continue
		case r == '’':
			r = '\''
		case r <= 0x24F, r >= 0x1E00 && r <= 0x1EFF: // the Latin blocks of foldFrom
			r = foldRune(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// folded reports whether fold would return s unchanged because it is ASCII
// without capitals, as most words are.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

func foldRune(r rune) rune {
	i := 0
	for _, f := range foldFrom {
		if f == r {
			return rune(foldTo[i])
		}
		i++
	}
	return r
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
