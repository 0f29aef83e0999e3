package text

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalWords yields the words of s in normal form, for matching rules
// against text: compatibility forms written out (ﬁ, full-width letters),
// every accent dropped in every script (Arabic harakat, Greek tonos, Latin
// diacritics), soft hyphens and joiners inside a word dropped without
// splitting it, and the rest folded as FoldRune and Expansion do.
// Letters of scripts written without spaces between words (Unspaced) are
// one word each, carrying the combining marks that follow them, so a term
// in those scripts matches as a sequence of words. A word of the result is
// already normal: splitting it again yields itself.
func NormalWords(s string) iter.Seq[string] {
	if !utf8.ValidString(s) {
		// NFKD leaves the runes after an invalid byte undecomposed
		// ("\xf3Ӳ" keeps its diaeresis); an invalid byte is no letter,
		// so a space stands for it.
		s = strings.ToValidUTF8(s, " ")
	}
	return func(yield func(string) bool) { normalWords(norm.NFKD.String(s), yield) }
}

// normalWords yields the words of ns, which is in NFKD. Its state lives in
// local variables shared by two closures that do not escape, so the word
// being folded stays on the stack; held in a struct behind a pointer it
// cost an allocation or more per call.
func normalWords(ns string, yield func(string) bool) {
	var cur []rune
	start, clean := 0, true // the word so far is ns[start:i] when clean
	inUnspaced := false     // cur holds one letter of an unspaced script
	done := false           // yield asked to stop
	flush := func(end int) {
		if len(cur) > 0 && !done {
			// Most words of most feeds are already normal: such a word is
			// a slice of the text, and only the others are copied.
			w := ns[start:end]
			if !clean {
				w = string(cur)
			}
			done = !yield(w)
		}
		cur = cur[:0]
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
		if done {
			return
		}
		if r < utf8.RuneSelf {
			// ASCII, most of most feeds: the cases below reduce to these,
			// without their Unicode table lookups.
			upper := 'A' <= r && r <= 'Z'
			if !upper && !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				flush(i)
				continue
			}
			if inUnspaced {
				flush(i)
			}
			if upper {
				r += 'a' - 'A'
			}
			push(i, r, upper)
			continue
		}
		switch {
		case inUnspaced && unicode.In(r, unicode.Mn, unicode.Mc):
			// Thai and Khmer vowel signs, tone marks and the Khmer coeng
			// are part of the syllable, not optional accents: keep them.
			push(i, r, false)
		case unicode.In(r, unicode.Mn, unicode.Cf):
			// Accents, and soft hyphens or zero-width joiners inside a
			// word: dropped without splitting the word.
			clean = clean && len(cur) == 0
		case Unspaced(r):
			flush(i)
			push(i, r, false)
			inUnspaced = true
		case IsWordRune(r):
			if inUnspaced {
				flush(i)
			}
			f := FoldRune(r)
			if x := Expansion(f); x != "" {
				for _, e := range x {
					push(i, e, true)
				}
				continue
			}
			push(i, f, f != r)
		default:
			flush(i)
		}
	}
	flush(len(ns))
}
