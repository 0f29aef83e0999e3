package cluster

import (
	"strings"
	"unicode"

	// Named apart: the package's tests declare a type text.
	txt "github.com/tipwire/tipwire/text"
)

// maxLeadWords bounds how much of the lead is compared: the first
// paragraph carries the event; later paragraphs are where outlets differ.
const maxLeadWords = 60

// word is one word of a text as written, with what its position says.
type word struct {
	text       string // as written
	sentStart  bool   // first word of a sentence (its capital proves nothing)
	hasUpper   bool   // starts with an upper-case letter
	allCaps    bool   // every letter is upper case (an acronym, or a shouted title)
	hasDigit   bool
	normalised string // lowercased and stemmed; "" for a stopword
	// spaced: only spaces or a hyphen separate it from the word before, so
	// capitalised words in a row are one name ("Keith Raniere",
	// "Anti-Organized Crime Commission").
	spaced bool
}

// splitWords cuts s into words (text.Spans: runs of letters and digits,
// with apostrophes inside a word), at most limit of them when limit > 0,
// noting sentence starts.
func splitWords(s string, limit int) []word {
	var out []word
	start, prev := true, 0
	for i, j := range txt.Spans(s, txt.Split{Apostrophes: true}) {
		if limit > 0 && len(out) >= limit {
			break
		}
		gap := s[prev:i]
		if strings.ContainsAny(gap, ".!?:;|") {
			start = true
		}
		w := newWord(s[i:j], start)
		// Only spaces or a hyphen between them (an apostrophe trimmed off
		// either word aside) and the words can be one name.
		w.spaced = strings.Trim(gap, " -'’") == "" && len(out) > 0
		out = append(out, w)
		start, prev = false, j
	}
	return out
}

// fold is how names and months are compared: text.Fold, the folding the
// matcher and the tagger use, so "Gonçalves", "Goncalves" and "GONÇALVES"
// are one name here as there.
func fold(s string) string { return txt.Fold(s) }

func newWord(text string, sentStart bool) word {
	w := word{text: text, sentStart: sentStart, allCaps: true}
	letters := 0
	for i, r := range text {
		switch {
		case unicode.IsDigit(r):
			w.hasDigit = true
		case unicode.IsLetter(r):
			letters++
			if i == 0 && unicode.IsUpper(r) {
				w.hasUpper = true
			}
			if !unicode.IsUpper(r) {
				w.allCaps = false
			}
		}
	}
	if letters < 2 {
		w.allCaps = false
	}
	lower := strings.ToLower(text)
	if !stopwords[lower] {
		w.normalised = stem(lower)
	}
	return w
}

// stem strips one common English inflection so "rescue", "rescued" and
// "rescues" compare equal. It is deliberately crude: it only has to map
// the forms of one word together, not produce a dictionary word.
func stem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	for _, suf := range []string{"ing", "ies", "ed", "es", "s", "e", "y"} {
		if rest, ok := strings.CutSuffix(w, suf); ok && len([]rune(rest)) >= 3 && !strings.HasSuffix(w, "ss") {
			return rest
		}
	}
	return w
}

// isTitleCase reports whether most longer words of a title are
// capitalised ("Police Arrest Man In Bangkok"): then its capitals say
// nothing about names.
func isTitleCase(ws []word) bool {
	long, upper := 0, 0
	for _, w := range ws {
		if len(w.text) > 3 {
			long++
			if w.hasUpper {
				upper++
			}
		}
	}
	return long >= 3 && upper*10 >= long*7
}

// stopwords are function words that carry no event: dropped before
// comparing, so "a man" and "the man" agree. Weekday names are here too:
// copies of one story written a day apart say "on Tuesday" and "on
// Wednesday", and neither is a name that tells events apart. German's are
// here because German capitalises a sentence's first word and its nouns
// alike: "Die" before a name is no part of it.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of in on at to for from by with
		without into onto over under about after before between during against among as than
		then so is are was were be been being has have had do does did will would shall should
		can could may might must it its it's this that these those he she they them his her
		their our we you your i me my who whom whose which what when where why how not no yes
		says said say also just more most new up down out off all any some such via per
		der die das den dem des und ein eine einer einem einen mit von zu im ist sind wurde wurden
		hat haben sich nicht auch bei nach aus für auf über soll sollen
		monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow`) {
		m[w] = true
	}
	return m
}()
