package publish

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/tipwire/tipwire/text"
)

// cleanText removes what cannot appear in an XML 1.0 document (control
// characters other than tab and newlines, surrogates, U+FFFE/U+FFFF) and
// replaces invalid UTF-8, so hostile item text still yields well-formed feeds.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if isXMLChar(r) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// isXMLChar reports whether r matches the Char production of XML 1.0 §2.2.
func isXMLChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// safeURL returns s as an absolute http(s) URL, or "" for anything else
// (javascript:, data:, relative references, garbage), so no other scheme is
// ever linked from a feed or page.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return cleanText(u.String())
	}
	return ""
}

// plainExcerpt turns an HTML fragment into plain text of at most max runes:
// tags dropped, entities decoded, whitespace collapsed, script and style
// contents skipped. The result still needs escaping by whoever prints it.
func plainExcerpt(fragment string, max int) string {
	return text.Excerpt(cleanText(text.PlainText(fragment)), max)
}
