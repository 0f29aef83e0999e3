package sanitize

import (
	"strings"
	"unicode/utf8"
)

// StripInvalidXML returns s without the characters XML 1.0 forbids: C0
// control characters other than tab, line feed and carriage return, the
// noncharacters U+FFFE and U+FFFF, and bytes that are not valid UTF-8 (which
// includes encoded lone surrogates). One such character anywhere makes a
// republished feed not well-formed, and most readers then show nothing.
// Valid input is returned without copying.
func StripInvalidXML(s string) string {
	i := firstInvalid(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if validXMLRune(r, size) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstInvalid returns the byte offset of the first character to strip, or
// -1. ASCII is checked bytewise; only non-ASCII text pays for decoding.
func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !validXMLRune(r, size) {
			return i
		}
		i += size
	}
	return -1
}

// validXMLRune reports whether the rune r, decoded from size bytes, is an
// XML 1.0 Char (https://www.w3.org/TR/xml/#charsets).
func validXMLRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false // invalid UTF-8; a literal U+FFFD has size 3 and stays
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	// utf8 never decodes surrogates, and everything else up to U+10FFFF is
	// a Char.
	return true
}
