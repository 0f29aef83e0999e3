package filters

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// splitWords appends the normalised words of s to dst, each tagged with field.
// It is the single definition of "word" for both item text and terms.
//
// Letters of scripts written without spaces between words (see unspaced)
// become one token each, carrying the combining marks that follow them, so a
// term in those scripts matches as a substring of the text.
func splitWords(dst []token, s string, field int) []token {
	ns := norm.NFKD.String(s)
	// Most words of most feeds are already normal: such a word is a slice
	// of ns, and only the others (folded, marks dropped) are copied.
	dst = slices.Grow(dst, len(ns)/8)
	var cur []rune
	start, clean := 0, true // the word so far is ns[start:i] when clean
	inUnspaced := false     // cur holds one character of an unspaced script
	flush := func(end int) {
		if len(cur) > 0 {
			w := ns[start:end]
			if !clean {
				w = string(cur)
			}
			dst = append(dst, token{word: w, field: field})
			cur = cur[:0]
		}
		inUnspaced = false
	}
	push := func(i int, r rune, changed bool) {
		if len(cur) == 0 {
			start, clean = i, true
		}
		clean = clean && !changed
		cur = append(cur, r)
	}
	for i, r := range ns {
		if r < utf8.RuneSelf {
			// ASCII, most of most feeds: the cases below reduce to these,
			// without their Unicode table lookups.
			lower := 'A' <= r && r <= 'Z'
			if !lower && !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				flush(i)
				continue
			}
			if inUnspaced {
				flush(i)
			}
			if lower {
				r += 'a' - 'A'
			}
			push(i, r, lower)
			continue
		}
		switch {
		case inUnspaced && unicode.In(r, unicode.Mn, unicode.Mc):
			// Thai and Khmer vowel signs, tone marks and the Khmer coeng are
			// part of the syllable, not optional accents: keep them.
			push(i, r, false)
		case unicode.In(r, unicode.Mn, unicode.Cf):
			// Accents, and soft hyphens or zero-width joiners inside a word:
			// dropped without splitting the word.
			clean = clean && len(cur) == 0
		case unspaced(r):
			flush(i)
			push(i, r, false)
			inUnspaced = true
		case isWordRune(r):
			if inUnspaced {
				flush(i)
			}
			f := fold(r)
			push(i, f, f != r)
		default:
			flush(i)
		}
	}
	flush(len(ns))
	return dst
}

// unspaced reports whether r is a letter of a script written without spaces
// between words: Thai, Lao, Khmer, Myanmar, Tibetan, Chinese and Japanese kana.
func unspaced(r rune) bool {
	return r >= 0x0E00 && unicode.IsLetter(r) && unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer,
		unicode.Myanmar, unicode.Tibetan, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isWordRune reports whether r belongs to a word (marks that survive NFKD
// are part of the letter they follow).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// fold maps every rune of a simple case-folding orbit (K, k and the Kelvin
// sign; Σ, σ and ς) to one representative, the lower case of the orbit's
// smallest letter. Vietnamese đ, which has no decomposition, folds to d:
// text typed without diacritics writes it so. Turkish dotless ı folds to i,
// as its capital I does: "ÇALIŞTIRMA" and "çalıştırma" are one word.
func fold(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case 'đ', 'Đ':
		return 'd'
	case 'ı':
		return 'i'
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		// Greek iota's orbit holds the combining ypogegrammeni, a mark
		// that the next normalisation would drop: letters only.
		if unicode.IsLetter(f) {
			least = min(least, f)
		}
	}
	return unicode.ToLower(least)
}
