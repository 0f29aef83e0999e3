package fetcher

import (
	"math"
	"strings"

	"github.com/tipwire/tipwire/text"
)

// xmlLimits is what one pre-scan of an XML document found over its limits.
type xmlLimits struct {
	tooDeep bool // elements nest deeper than the depth limit
	tooMany bool // more item/entry start tags than the item limit
}

// scanXML checks, in one byte scan, how deep elements in doc nest and how
// many item or entry elements it holds. gofeed has no depth limit (a million
// nested elements cost it over a gigabyte) and builds every item before we
// keep MaxItems (500,000 bare <item/> cost it over 300 MB), so this runs
// first. Comments, CDATA, processing instructions, the DOCTYPE and quoted
// attribute values are skipped; it only needs to be right for documents that
// could get past the XML parser.
func scanXML(doc string, maxDepth, maxItems int) xmlLimits {
	depth, items := 0, 0
	for i := 0; i < len(doc); {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			break
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
			}
			if isItemTag(rest) {
				items++
			}
			if depth > maxDepth || items > maxItems {
				return xmlLimits{tooDeep: depth > maxDepth, tooMany: items > maxItems}
			}
			i += n
		}
	}
	return xmlLimits{}
}

// xmlDepthExceeds reports whether elements in doc nest deeper than limit.
func xmlDepthExceeds(doc string, limit int) bool {
	return scanXML(doc, limit, math.MaxInt).tooDeep
}

// xmlItemsExceed reports whether doc has more than limit start tags named
// item or entry (any namespace prefix).
func xmlItemsExceed(doc string, limit int) bool {
	return scanXML(doc, math.MaxInt, limit).tooMany
}

// tagLength returns the length of the start tag at the start of s, quoted
// attribute values included, and whether it ends with "/>".
func tagLength(s string) (int, bool) {
	n := text.TagEnd(s, 1)
	return n, n >= 3 && s[n-1] == '>' && s[n-2] == '/'
}

func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}
