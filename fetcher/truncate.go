package fetcher

import (
	"strings"
	"unicode/utf8"
)

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// truncateHTML cuts sanitised HTML to at most n bytes without splitting a
// tag or an entity. Sanitised output escapes '<' and '>' everywhere except
// in markup, so the last '<' without a '>' after it starts a cut tag.
// Elements left open are harmless: HTML closes them.
func truncateHTML(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = truncate(s, n)
	if lt := strings.LastIndexByte(s, '<'); lt >= 0 && strings.IndexByte(s[lt:], '>') < 0 {
		s = s[:lt]
	}
	if amp := strings.LastIndexByte(s, '&'); amp >= 0 && strings.IndexByte(s[amp:], ';') < 0 {
		s = s[:amp]
	}
	return s
}
