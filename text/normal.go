package text

import (
	"iter"
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
	return func(yield func(string) bool) {
		w := normalWords{ns: norm.NFKD.String(s), yield: yield}
		w.run()
	}
}

// normalWords is the state of one NormalWords scan.
type normalWords struct {
	ns    string
	yield func(string) bool
	cur   []rune
	start int  // the word so far is ns[start:i] when clean
	clean bool // no rune of the word so far was changed or dropped
	inUns bool // cur holds one letter of an unspaced script
	done  bool // yield asked to stop
}

func (w *normalWords) run() {
	for i, r := range w.ns {
		if w.done {
			return
		}
		if r < utf8.RuneSelf {
			// ASCII, most of most feeds: the cases below reduce to these,
			// without their Unicode table lookups.
			upper := 'A' <= r && r <= 'Z'
			if !upper && !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				w.flush(i)
				continue
			}
			if w.inUns {
				w.flush(i)
			}
			if upper {
				r += 'a' - 'A'
			}
			w.push(i, r, upper)
			continue
		}
		w.other(i, r)
	}
	w.flush(len(w.ns))
}

// other handles the non-ASCII rune r at w.ns[i].
func (w *normalWords) other(i int, r rune) {
	switch {
	case w.inUns && unicode.In(r, unicode.Mn, unicode.Mc):
		// Thai and Khmer vowel signs, tone marks and the Khmer coeng are
		// part of the syllable, not optional accents: keep them.
		w.push(i, r, false)
	case unicode.In(r, unicode.Mn, unicode.Cf):
		// Accents, and soft hyphens or zero-width joiners inside a word:
		// dropped without splitting the word.
		w.clean = w.clean && len(w.cur) == 0
	case Unspaced(r):
		w.flush(i)
		w.push(i, r, false)
		w.inUns = true
	case IsWordRune(r):
		if w.inUns {
			w.flush(i)
		}
		f := FoldRune(r)
		if x := Expansion(f); x != "" {
			for _, e := range x {
				w.push(i, e, true)
			}
			return
		}
		w.push(i, f, f != r)
	default:
		w.flush(i)
	}
}

// push adds r, read at w.ns[i], to the word; changed says it is not
// written so in the text.
func (w *normalWords) push(i int, r rune, changed bool) {
	if len(w.cur) == 0 {
		w.start, w.clean = i, true
	}
	w.clean = w.clean && !changed
	w.cur = append(w.cur, r)
}

// flush yields the word so far, which ends at w.ns[end].
func (w *normalWords) flush(end int) {
	if len(w.cur) > 0 && !w.done {
		// Most words of most feeds are already normal: such a word is a
		// slice of the text, and only the others are copied.
		word := w.ns[w.start:end]
		if !w.clean {
			word = string(w.cur)
		}
		w.done = !w.yield(word)
	}
	w.cur = w.cur[:0]
	w.inUns = false
}
