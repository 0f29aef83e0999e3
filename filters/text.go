package filters

import (
	"slices"

	"github.com/tipwire/tipwire/text"
)

// splitWords appends the normalised words of s (text.NormalWords) to dst,
// each tagged with field. It is the single definition of "word" for both
// item text and terms.
func splitWords(dst []token, s string, field int) []token {
	// Sized first: a word is rarely shorter than 8 bytes with its space,
	// and growing the slice word by word was much of matching's memory.
	dst = slices.Grow(dst, len(s)/8)
	for w := range text.NormalWords(s) {
		dst = append(dst, token{word: w, field: field})
	}
	return dst
}
