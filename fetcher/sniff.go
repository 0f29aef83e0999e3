package fetcher

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tipwire/tipwire/text"
)

type docKind int

const (
	kindXML docKind = iota + 1
	kindJSON
)

// sniff classifies a decoded document and returns it with the XML prolog
// (declaration, comments, processing instructions, DOCTYPE) cut off, so the
// XML parser starts at the root element: gofeed only looks for the root in
// the first 4 KiB, the declaration's encoding no longer applies after
// toUTF8, and a DOCTYPE's entity declarations are never seen.
func sniff(s string) (string, docKind, error) {
	i := 0
	for {
		i += len(s[i:]) - len(strings.TrimLeft(s[i:], " \t\r\n\uFEFF"))
		rest := s[i:]
		switch {
		case rest == "":
			return "", 0, &Error{Category: CategoryEmpty, Err: errors.New("no content")}
		case rest[0] == '{':
			return rest, kindJSON, nil
		case rest[0] != '<':
			return "", 0, &Error{Category: CategoryNotFeed, Err: fmt.Errorf("document starts with %q", preview(rest))}
		case strings.HasPrefix(rest, "<?"):
			i += skipPast(rest, "?>")
		case strings.HasPrefix(rest, "<!--"):
			i += skipPast(rest, "-->")
		case hasPrefixFold(rest, "<!doctype"):
			i += skipDoctype(rest)
		case strings.HasPrefix(rest, "<!"):
			return "", 0, &Error{Category: CategoryNotFeed, Err: fmt.Errorf("document starts with %q", preview(rest))}
		default:
			return rootKind(rest)
		}
	}
}

// rootKind decides from the root element's name.
func rootKind(doc string) (string, docKind, error) {
	name := doc[1:]
	if end := strings.IndexAny(name, " \t\r\n/>"); end >= 0 {
		name = name[:end]
	}
	if _, local, ok := strings.Cut(name, ":"); ok {
		name = local
	}
	switch strings.ToLower(name) {
	case "rss", "rdf", "feed":
		return doc, kindXML, nil
	case "html", "head", "body":
		return "", 0, &Error{Category: CategoryHTML, Err: errors.New("an HTML page, not a feed")}
	}
	return "", 0, &Error{Category: CategoryNotFeed, Err: fmt.Errorf("root element <%s> is not rss, rdf:RDF or feed", preview(name))}
}

// skipPast returns the length of s up to and including the first end, or
// len(s) when end never comes (the document then reads as empty).
func skipPast(s, end string) int {
	if i := strings.Index(s, end); i >= 0 {
		return i + len(end)
	}
	return len(s)
}

// skipDoctype returns the length of the DOCTYPE declaration at the start of
// s, including an internal subset in brackets, whose entity declarations may
// contain '>'.
func skipDoctype(s string) int {
	return text.DeclEnd(s, 0)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// preview returns the start of s for an error message.
func preview(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
