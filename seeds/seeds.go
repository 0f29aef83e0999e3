// Package seeds holds tipwire's seed corpus and seed source list, embedded in
// the binary so it runs from any directory.
//
// The corpus (corpus/ID.txt) is real articles kept byte for byte as they were
// captured from the web page, each with a JSON sidecar (corpus/ID.json) that
// gives the title, outlet, link, language and date, names the page
// boilerplate captured with the text, and records the text's SHA-256 so an
// accidental edit (an editor adding a final newline, a line-ending conversion)
// is caught. The articles are the first items of the curated feed and the
// reference the filters are tested against.
//
// A corpus text file is read as: leading lines that are blank, boilerplate
// (exact lines listed in the sidecar) or the title line, then the article
// body, whose paragraphs are separated by blank lines.
//
// sources.opml is the seed list of public feeds that cover trafficking.
package seeds

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
)

// files is read-only; embed.FS cannot be modified at run time.
//
//go:embed corpus/*.txt corpus/*.json sources.opml
var files embed.FS

// GUIDPrefix starts the GUID of every seed corpus item; the rest is the
// article ID.
const GUIDPrefix = "seed:"

// summaryRunes is how much text the summary aims for: whole paragraphs are
// added until it holds at least this many characters.
const summaryRunes = 200

// Article is one article of the seed corpus.
type Article struct {
	ID        string    // file name without extension, e.g. "voa-cambodia-watch-list-2015"
	Title     string    // plain text
	Outlet    string    // the publisher, e.g. "Voice of America"
	Link      string    // the article's URL, or "" when unknown
	Language  string    // BCP 47 tag, e.g. "en"
	Published time.Time // zero when the date is unknown
	Body      string    // plain text, paragraphs separated by a blank line, boilerplate removed
}

// Articles returns the embedded corpus sorted by ID. An error means the
// embedded files are inconsistent, which tests catch before a release.
func Articles() ([]Article, error) {
	entries, err := fs.ReadDir(files, "corpus")
	if err != nil {
		return nil, fmt.Errorf("seeds: read corpus: %w", err)
	}
	var out []Article
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".txt")
		if !ok {
			if err := checkSidecarHasText(e.Name()); err != nil {
				return nil, err
			}
			continue
		}
		a, err := loadArticle(id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// checkSidecarHasText rejects a sidecar whose article text is missing, which
// would otherwise silently drop an article from the corpus.
func checkSidecarHasText(name string) error {
	id, ok := strings.CutSuffix(name, ".json")
	if !ok {
		return nil
	}
	if _, err := fs.Stat(files, path.Join("corpus", id+".txt")); err != nil {
		return fmt.Errorf("seeds: corpus/%s has no corpus/%s.txt", name, id)
	}
	return nil
}

func loadArticle(id string) (Article, error) {
	text, err := files.ReadFile(path.Join("corpus", id+".txt"))
	if err != nil {
		return Article{}, fmt.Errorf("seeds: %w", err)
	}
	m, err := loadMeta(id)
	if err != nil {
		return Article{}, err
	}
	if sum := sha256.Sum256(text); hex.EncodeToString(sum[:]) != m.SHA256 {
		return Article{}, fmt.Errorf("seeds: corpus/%s.txt: sha256 %x differs from the sidecar's %s (the text must stay byte-identical)", id, sum, m.SHA256)
	}
	body, err := extractBody(string(text), m.Title, m.Boilerplate)
	if err != nil {
		return Article{}, fmt.Errorf("seeds: corpus/%s.txt: %w", id, err)
	}
	return Article{
		ID:        id,
		Title:     m.Title,
		Outlet:    m.Outlet,
		Link:      m.Link,
		Language:  m.Language,
		Published: m.published,
		Body:      strings.Join(body, "\n\n"),
	}, nil
}

// extractBody skips the leading blank, boilerplate and title lines and
// returns the paragraphs that follow. The title must be among the leading
// lines: if it is not, the sidecar does not describe this text.
func extractBody(text, title string, boilerplate []string) ([]string, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	sawTitle := false
	i := 0
	for ; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || slices.Contains(boilerplate, line) {
			continue
		}
		if line == title && !sawTitle {
			sawTitle = true
			continue
		}
		break
	}
	if !sawTitle {
		return nil, fmt.Errorf("title %q not found among the leading lines", title)
	}
	paras := paragraphs(lines[i:])
	if len(paras) == 0 {
		return nil, fmt.Errorf("no body after the title")
	}
	return paras, nil
}

// paragraphs joins runs of non-blank lines into paragraphs.
func paragraphs(lines []string) []string {
	var out, cur []string
	for _, l := range append(lines, "") {
		if l = strings.TrimSpace(l); l != "" {
			cur = append(cur, l)
			continue
		}
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	return out
}

// Items returns the corpus as items ready to be stored: the article's outlet,
// GUID "seed:"+ID, the first paragraphs as Summary and the whole body as
// Content (escaped HTML paragraphs). An article without a date is dated now.
func Items(now time.Time) ([]tipwire.Item, error) {
	arts, err := Articles()
	if err != nil {
		return nil, err
	}
	items := make([]tipwire.Item, 0, len(arts))
	for _, a := range arts {
		items = append(items, item(a, now))
	}
	return items, nil
}

func item(a Article, now time.Time) tipwire.Item {
	paras := strings.Split(a.Body, "\n\n")
	published := a.Published
	if published.IsZero() {
		published = now
	}
	return tipwire.Item{
		GUID:      GUIDPrefix + a.ID,
		Link:      a.Link,
		Title:     a.Title,
		Summary:   htmlParagraphs(leadParagraphs(paras)),
		Content:   htmlParagraphs(paras),
		Published: published,
		Updated:   published,
		// The publisher, from the sidecar: readers see it as the entry's
		// author and outlet, as for any fetched story.
		Outlet: a.Outlet,
	}
}

// leadParagraphs returns whole leading paragraphs holding at least
// summaryRunes characters, or all of them.
func leadParagraphs(paras []string) []string {
	n := 0
	for i, p := range paras {
		n += utf8.RuneCountInString(p)
		if n >= summaryRunes {
			return paras[:i+1]
		}
	}
	return paras
}

// htmlParagraphs renders plain-text paragraphs as escaped HTML <p> elements.
func htmlParagraphs(paras []string) string {
	var b strings.Builder
	for i, p := range paras {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(p))
		b.WriteString("</p>")
	}
	return b.String()
}
