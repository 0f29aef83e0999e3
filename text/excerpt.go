package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt returns the plain text s with its whitespace collapsed to single
// spaces, cut to at most max runes (then ending in "…"), at a word
// boundary when one is in the second half, without punctuation dangling
// before the ellipsis.
func Excerpt(s string, max int) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := string([]rune(s)[:max])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
