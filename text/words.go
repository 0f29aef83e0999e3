package text

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split says what, besides letters and digits, belongs to a word of the
// text as written (Spans).
type Split struct {
	// Marks keeps combining marks (the vowel signs of Indic scripts, Thai
	// tone marks, a decomposed accent) in their word, and format
	// characters such as a soft hyphen or a zero-width joiner when they
	// are inside one. Without it both end the word: the store's identity
	// key has always read text that way, and keys must not change.
	Marks bool
	// Apostrophes keeps apostrophes (' and ’) between the letters of a
	// word ("O'Brien", "Xi’an"); at either end they are not part of it.
	Apostrophes bool
}

// Spans yields the byte span [start, end) in s of every word of s, in
// order. A word is a run of letters and digits, with what sp adds.
func Spans(s string, sp Split) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		start := -1
		for i, r := range s {
			switch {
			case sp.inWord(r):
				if start < 0 {
					start = i
				}
			case start >= 0 && sp.Marks && r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r):
				// Inside a word only: a soft hyphen or joiner before a
				// word would make the format character its first letter.
			case start >= 0:
				if !sp.yieldSpan(s, start, i, yield) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			sp.yieldSpan(s, start, len(s), yield)
		}
	}
}

// inWord reports whether r belongs to a word under sp.
func (sp Split) inWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9' || sp.Apostrophes && r == '\''
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || sp.Apostrophes && r == '’' ||
		sp.Marks && unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// yieldSpan yields s[start:end] without apostrophes at its ends, unless
// nothing is left of it.
func (sp Split) yieldSpan(s string, start, end int, yield func(int, int) bool) bool {
	if sp.Apostrophes {
		w := s[start:end]
		trimmed := strings.TrimLeft(w, "'’")
		start += len(w) - len(trimmed)
		end = start + len(strings.TrimRight(trimmed, "'’"))
		if start == end {
			return true
		}
	}
	return yield(start, end)
}

// IsWordRune reports whether r can be part of a word in normal form
// (NormalWords): a letter, a digit or a combining mark.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// Unspaced reports whether r is a letter of a script written without
// spaces between words: Thai, Lao, Khmer, Myanmar, Tibetan, Chinese and
// Japanese kana. A word of those scripts is found as a substring, never by
// its boundaries.
func Unspaced(r rune) bool {
	return r >= 0x0E00 && unicode.IsLetter(r) && unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer,
		unicode.Myanmar, unicode.Tibetan, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
