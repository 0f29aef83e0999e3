package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
)

// Search limits: a query is typed by a person; anything longer is noise or
// an attempt to make the index work hard.
const (
	maxSearchTerms = 16
	maxSearchRunes = 256
)

// matchExpr turns what a person typed into an FTS5 MATCH expression over
// items_fts (migration 0005) that cannot be a syntax error: bare words and
// "quoted phrases", all required; a word or phrase ending in * matches a
// prefix. Every term is quoted, so FTS5 operators (AND, OR, NOT, NEAR,
// column filters) typed by the user are searched as plain words; control
// characters are spaces. It returns "" when nothing searchable is left (only
// punctuation, say).
func matchExpr(query string) string {
	// FTS5 reads its query as a C string: a NUL would cut it mid-quote.
	query = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(query, ""))
	if utf8.RuneCountInString(query) > maxSearchRunes {
		query = string([]rune(query)[:maxSearchRunes])
	}
	var terms []string
	for _, t := range splitTerms(query) {
		prefix := strings.HasSuffix(t, "*")
		t = strings.ReplaceAll(strings.Trim(t, "*"), `"`, "")
		if strings.IndexFunc(t, isWordRune) < 0 {
			continue // the tokenizer would drop it all; an empty phrase is an error
		}
		term := `"` + t + `"`
		if prefix {
			term += "*"
		}
		terms = append(terms, term)
		if len(terms) == maxSearchTerms {
			break
		}
	}
	return strings.Join(terms, " ")
}

// splitTerms splits a query at white space, keeping "quoted phrases" whole
// (an unclosed quote runs to the end). A phrase keeps a * right after its
// closing quote.
func splitTerms(q string) []string {
	var out []string
	for {
		q = strings.TrimLeftFunc(q, unicode.IsSpace)
		if q == "" {
			return out
		}
		if rest, ok := strings.CutPrefix(q, `"`); ok {
			phrase, after, _ := strings.Cut(rest, `"`)
			if strings.HasPrefix(after, "*") {
				phrase, after = phrase+"*", after[1:]
			}
			out, q = append(out, phrase), after
			continue
		}
		end := strings.IndexFunc(q, unicode.IsSpace)
		if end < 0 {
			end = len(q)
		}
		out, q = append(out, q[:end]), q[end:]
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// searchClause narrows queryItems to the stories with an item whose text
// matches q.Query (bound as ?5, see matchExpr); "" without a search. A
// search with nothing searchable in it matches nothing rather than
// everything.
func searchClause(q tipwire.ItemQuery) string {
	switch {
	case strings.TrimSpace(q.Query) == "":
		return ""
	case matchExpr(q.Query) == "":
		return "\n\t\t\tAND 0"
	}
	return `
			AND s.id IN (SELECT y.story_id FROM items y
				WHERE y.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?5))`
}
