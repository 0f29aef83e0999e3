package text

import (
	"html"
	"strings"
)

// PlainText returns the text of an HTML fragment, read as a browser reads
// it. Every tag becomes a space, so "a<br>b" stays two words. Comments,
// other markup declarations and processing instructions, and the contents
// of script, style, template and noscript elements are dropped; quoted
// attribute values may contain '>'; a '<' that cannot open markup ("a < b")
// is text; markup left open at the end is dropped. Character references
// are decoded once, outside the markup, so an escaped "&lt;b&gt;" stays
// text.
func PlainText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return fragment
	}
	var b strings.Builder
	b.Grow(len(fragment))
	s := fragment
	for {
		i := nextTag(s)
		if i < 0 {
			b.WriteString(s)
			return html.UnescapeString(b.String())
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[skipMarkup(s, i):]
	}
}

// nextTag returns the index of the first '<' of s that opens markup, or -1.
func nextTag(s string) int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], '<')
		if i < 0 {
			return -1
		}
		if IsTagStart(s, off+i) {
			return off + i
		}
		off += i + 1
	}
}

// IsTagStart reports whether the '<' at s[i] opens markup, as an HTML
// parser reads it, rather than being a literal less-than sign ("a < b",
// "c<3"): it must be followed by a letter, '/', '!' or '?'.
func IsTagStart(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	c := s[i+1]
	return c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// skipMarkup returns the index just past the markup that starts at the '<'
// at s[i], which IsTagStart accepts: a comment, a declaration or processing instruction, a tag, or a
// script, style, template or noscript element with its contents (which
// may hold anything, including "</p>" in a string). Markup that never ends
// runs to len(s).
func skipMarkup(s string, i int) int {
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, "<!--"):
		// "<!-->" and "<!--->" are whole (empty) comments to a browser.
		for _, empty := range []string{"<!-->", "<!--->"} {
			if strings.HasPrefix(rest, empty) {
				return i + len(empty)
			}
		}
		return i + skipPast(rest, 4, "-->")
	case rest[1] == '!' || rest[1] == '?':
		// A DOCTYPE, a CDATA section outside SVG or MathML, or a
		// processing instruction: a bogus comment to HTML, ended by the
		// first '>', quoted or not.
		return i + skipPast(rest, 2, ">")
	}
	end := TagEnd(s, i+1)
	switch name := strings.ToLower(tagName(s[i+1 : end])); name {
	case "script", "style", "template", "noscript":
		closing := "</" + name
		if j := indexClosing(s[end:], closing); j >= 0 {
			return TagEnd(s, end+j+len(closing))
		}
		return len(s)
	}
	return end
}

// TagEnd returns the index just past the '>' that closes the tag whose
// body starts at s[i] (just after its '<'). A quoted attribute value may
// contain '>' (title="a > b"); an unterminated tag runs to len(s).
func TagEnd(s string, i int) int {
	return scanTag(s, i, false)
}

// DeclEnd is TagEnd for a markup declaration such as an XML DOCTYPE: a
// '>' inside its bracketed internal subset, as in an entity declaration,
// does not end it.
func DeclEnd(s string, i int) int {
	return scanTag(s, i, true)
}

// scanTag is the one quote-aware scan behind TagEnd and DeclEnd.
func scanTag(s string, i int, brackets bool) int {
	var quote byte
	depth := 0
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case brackets && c == '[':
			depth++
		case brackets && c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return len(s)
}

// tagName returns the name at the start of a tag's body ("p" of "p class=x>").
func tagName(tag string) string {
	for i := 0; i < len(tag); i++ {
		if c := tag[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return tag[:i]
		}
	}
	return tag
}

// skipPast returns the index just past the first end in s at or after
// from, or len(s) when it never comes.
func skipPast(s string, from int, end string) int {
	if j := strings.Index(s[from:], end); j >= 0 {
		return from + j + len(end)
	}
	return len(s)
}

// indexClosing returns the index in s of the end tag that closes a raw
// text element, closing being "</script" or the like, or -1. As in a
// browser, the name matches in any ASCII case and must end there
// ("</scripts>" does not close a script). Lowering s first would move the
// offsets of non-ASCII text.
func indexClosing(s, closing string) int {
	for i := 0; i+len(closing) <= len(s); i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if end := i + len(closing); end <= len(s) && asciiEqualFold(s[i:end], closing) &&
			(end == len(s) || strings.IndexByte(" \t\n\f\r/>", s[end]) >= 0) {
			return i
		}
	}
	return -1
}

// asciiEqualFold reports whether a and b, of equal length, are equal but
// for the case of ASCII letters.
func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if x, y := a[i]|0x20, b[i]|0x20; x != y || (x < 'a' || x > 'z') && a[i] != b[i] {
			return false
		}
	}
	return true
}
