package sanitize

import (
	"html"
	"strings"

	"github.com/tipwire/tipwire/text"
)

// escapeBareAmpersands escapes every '&' that does not start a complete
// character reference ("&amp;", "&#38;", "&#x26;"). The HTML tokenizer
// behind Text would otherwise decode legacy references that lack their
// semicolon, turning the query string "?page=1&copy=2" of a feed title into
// "?page=1©=2" (gofeed issue #320); an XML feed never meant those.
func escapeBareAmpersands(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !startsReference(s[i+1:]) {
			b.WriteString("&amp;")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// startsReference reports whether s (the text after an '&') begins with a
// name or numeric reference closed by ';'.
func startsReference(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 1 || end > 32 {
		return false
	}
	ref := s[:end]
	if ref[0] == '#' {
		ref = ref[1:]
		if len(ref) > 0 && (ref[0] == 'x' || ref[0] == 'X') {
			return len(ref) > 1 && strings.Trim(ref[1:], "0123456789abcdefABCDEF") == ""
		}
		return ref != "" && strings.Trim(ref, "0123456789") == ""
	}
	for _, c := range ref {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// maxTextPasses bounds the strip-and-decode passes of Text.
const maxTextPasses = 4

// textPasses strips tags and decodes entities. bluemonday escapes its
// output; unescaping it once leaves the feed's own entities decoded exactly
// once. When that decoding yields markup again (a feed that escaped
// "<script>" twice), the result is stripped again: plain text must never
// hold a tag, because some readers show RSS titles as HTML. Markup left
// after maxTextPasses loses its '<'.
func (p *Policy) textPasses(s string) string {
	for range maxTextPasses {
		s = html.UnescapeString(p.plain.Sanitize(escapeBareAmpersands(s)))
		// Character references such as &#1; decode to characters XML
		// forbids.
		s = StripInvalidXML(s)
		if !tagLike(s) {
			return s
		}
	}
	var b strings.Builder
	for i := range len(s) {
		if s[i] != '<' || !text.IsTagStart(s, i) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// tagLike reports whether an HTML parser would read markup in s: a '<'
// followed by a letter, '/', '!' or '?'.
func tagLike(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		if text.IsTagStart(s, i) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}
