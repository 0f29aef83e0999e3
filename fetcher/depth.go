package fetcher

import "strings"

// xmlDepthExceeds reports whether elements in doc nest deeper than limit.
// gofeed has no depth limit and a million nested elements cost it over a
// gigabyte, so a byte scan (comments, CDATA, processing instructions and
// quoted attribute values skipped) runs first. It only needs to be right
// for documents that could get past the XML parser.
func xmlDepthExceeds(doc string, limit int) bool {
	depth := 0
	for i := 0; i < len(doc); {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i += skipPast(rest, "-->")
		case strings.HasPrefix(rest, "<![CDATA["):
			i += skipPast(rest, "]]>")
		case strings.HasPrefix(rest, "<?"):
			i += skipPast(rest, "?>")
		case strings.HasPrefix(rest, "<!"):
			i += skipDoctype(rest)
		case strings.HasPrefix(rest, "</"):
			depth--
			i += skipPast(rest, ">")
		case len(rest) < 2 || !isNameStart(rest[1]):
			i++ // a stray '<' in text, not a tag
		default:
			n, selfClosing := tagLength(rest)
			if !selfClosing {
				depth++
				if depth > limit {
					return true
				}
			}
			i += n
		}
	}
	return false
}

// tagLength returns the length of the start tag at the start of s, quoted
// attribute values included, and whether it ends with "/>".
func tagLength(s string) (int, bool) {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, s[i-1] == '/'
		}
	}
	return len(s), false
}

func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}
