package publish

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
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
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0 // depth inside elements whose text is not prose
	for {
		switch z.Next() {
		case html.ErrorToken:
			// io.EOF or a tokenizer limit: either way the text so far is it.
			return truncate(collapseSpace(b.String()), max)
		case html.StartTagToken:
			if isRawTextTag(z) {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			if isRawTextTag(z) && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

func isRawTextTag(z *html.Tokenizer) bool {
	name, _ := z.TagName()
	switch string(name) {
	case "script", "style", "template", "noscript":
		return true
	}
	return false
}

func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(cleanText(s), unicode.IsSpace), " ")
}

// truncate cuts s to at most max runes, at a word boundary when one is near.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
