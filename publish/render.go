package publish

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/tipwire/tipwire"
)

// Feed formats understood by Render, served under the file extension of the
// same name.
const (
	FormatAtom = "atom"
	FormatRSS  = "rss"
	FormatJSON = "json"
)

// ErrUnknownFormat is returned by Render for a format other than FormatAtom,
// FormatRSS and FormatJSON.
var ErrUnknownFormat = errors.New("unknown feed format")

// defaultAuthor names the curator as feed author: RFC 4287 §4.1.1 wants an
// atom:author on the feed unless every entry has one, and not every item does.
const defaultAuthor = "tipwire"

// FeedMeta describes one feed document independently of its format.
type FeedMeta struct {
	Title       string    // feed title
	Description string    // subtitle (Atom), description (RSS, JSON); "" means Title
	SelfURL     string    // absolute URL of this document: rel="self", feed_url
	SiteURL     string    // absolute URL of the HTML index: alternate link, home_page_url
	ID          string    // stable absolute IRI of the feed (atom:id)
	Author      string    // curator named as feed author; "" means "tipwire"
	Updated     time.Time // when the feed last changed; zero means derived from the items
	Snippet     bool      // entries carry an excerpt, never the publisher's text (safeguard.go)
	Hubs        []string  // WebSub hubs, linked with rel="hub"
}

// Render writes one feed document of items, in the given order, as format
// (FormatAtom, FormatRSS or FormatJSON). It depends only on its arguments, so
// the same input always gives the same bytes (and so the same ETag).
func Render(w io.Writer, format string, meta FeedMeta, items []tipwire.Item) error {
	var write func(io.Writer, *document) error
	switch format {
	case FormatAtom:
		write = writeAtom
	case FormatRSS:
		write = writeRSS
	case FormatJSON:
		write = writeJSON
	default:
		return fmt.Errorf("render %q: %w", format, ErrUnknownFormat)
	}
	if err := write(w, newDocument(meta, items)); err != nil {
		return fmt.Errorf("render %s feed: %w", format, err)
	}
	return nil
}

// document is the format-neutral feed: the gorilla/feeds model plus the
// categories it has no room for.
type document struct {
	meta FeedMeta
	feed *feeds.Feed
	cats [][]category // categories of feed.Items[i]
}

// category is a matched topic (scheme set) or a term that matched (no scheme).
type category struct {
	term, scheme string
}

func newDocument(meta FeedMeta, items []tipwire.Item) *document {
	meta = completeMeta(meta, items)
	d := &document{meta: meta, feed: &feeds.Feed{
		Title:       meta.Title,
		Description: meta.Description,
		Link:        &feeds.Link{Href: meta.SiteURL},
		Author:      &feeds.Author{Name: meta.Author},
		Updated:     meta.Updated,
		Created:     meta.Updated,
		Id:          meta.ID,
	}}
	scheme := ""
	if meta.SiteURL != "" {
		scheme = strings.TrimSuffix(meta.SiteURL, "/") + "/topics/"
	}
	for i := range items {
		fi := newFeedItem(&items[i], meta.Updated)
		if meta.Snippet {
			fi.Content = snippetHTML(&items[i], fi.Title)
		}
		d.feed.Add(fi)
		d.cats = append(d.cats, categories(&items[i], scheme))
	}
	return d
}

// completeMeta fills defaults and makes every string safe for XML.
func completeMeta(m FeedMeta, items []tipwire.Item) FeedMeta {
	m.Title = cleanText(m.Title)
	m.Description = cleanText(m.Description)
	if m.Description == "" {
		m.Description = m.Title
	}
	m.Author = cleanText(m.Author)
	if m.Author == "" {
		m.Author = defaultAuthor
	}
	if m.Updated.IsZero() {
		m.Updated = newestChange(items)
	}
	if m.Updated.IsZero() {
		// A fixed time rather than now, so an empty feed keeps its ETag.
		m.Updated = time.Unix(0, 0)
	}
	m.Updated = normTime(m.Updated)
	return m
}

func newFeedItem(it *tipwire.Item, fallback time.Time) *feeds.Item {
	published := firstNonZero(it.Published, it.FirstSeen, fallback)
	title := cleanText(strings.TrimSpace(it.Title))
	if title == "" {
		title = "(untitled)"
	}
	fi := &feeds.Item{
		Id:          tipwire.ItemID(it.Key),
		IsPermaLink: "false",
		Title:       title,
		Link:        &feeds.Link{Href: itemLink(it)},
		Content:     entryHTML(it, title),
		Created:     normTime(published),
		Updated:     normTime(firstNonZero(it.Updated, published)),
	}
	if a := itemAuthor(it); a != "" {
		fi.Author = &feeds.Author{Name: a}
	}
	return fi
}

// entryHTML is the entry body: the stored summary (sanitised by the fetcher)
// and a paragraph naming, and linking to, every outlet that carried the
// story: the first, then the others as "also reported by".
func entryHTML(it *tipwire.Item, title string) string {
	var b strings.Builder
	b.WriteString(cleanText(strings.TrimSpace(it.Summary)))
	if len(it.Outlets) > 0 {
		b.WriteString("<p>Reported by: ")
		for i, o := range it.Outlets {
			switch i {
			case 0:
			case 1:
				b.WriteString("; also reported by ")
			default:
				b.WriteString(", ")
			}
			name := html.EscapeString(outletName(o))
			if link := safeURL(o.Link); link != "" {
				fmt.Fprintf(&b, `<a href="%s">%s</a>`, html.EscapeString(link), name)
			} else {
				b.WriteString(name)
			}
		}
		b.WriteString("</p>")
	}
	if b.Len() == 0 {
		// An Atom entry needs content or an alternate link; never leave both out.
		return "<p>" + html.EscapeString(title) + "</p>"
	}
	return b.String()
}

// categories lists the matched topics, then the distinct terms that matched.
func categories(it *tipwire.Item, topicScheme string) []category {
	var out []category
	seen := make(map[category]bool)
	add := func(c category) {
		if c.term != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, m := range it.Matches {
		add(category{term: cleanText(m.Topic), scheme: topicScheme})
	}
	for _, t := range it.Tags {
		add(tagCategory(t, topicScheme))
	}
	for _, m := range it.Matches {
		for _, t := range m.Terms {
			add(category{term: cleanText(strings.TrimSpace(t))})
		}
	}
	return out
}

// itemLink is the item's own link, else the first outlet's.
func itemLink(it *tipwire.Item) string {
	if l := safeURL(it.Link); l != "" {
		return l
	}
	for _, o := range it.Outlets {
		if l := safeURL(o.Link); l != "" {
			return l
		}
	}
	return ""
}

// itemAuthor is the byline, else the first outlet as the publisher.
func itemAuthor(it *tipwire.Item) string {
	if a := cleanText(strings.TrimSpace(it.Author)); a != "" {
		return a
	}
	if len(it.Outlets) > 0 {
		return outletName(it.Outlets[0])
	}
	return ""
}

func outletName(o tipwire.Outlet) string {
	if n := cleanText(strings.TrimSpace(o.Name)); n != "" {
		return n
	}
	if u, err := url.Parse(safeURL(o.Link)); err == nil && u.Host != "" {
		return u.Host
	}
	return "unknown outlet"
}

// newestChange is the latest time at which the items changed: first seen, a
// publisher update, or a new outlet carrying one of them. Zero for no items.
func newestChange(items []tipwire.Item) time.Time {
	var newest time.Time
	later := func(t time.Time) {
		if t.After(newest) {
			newest = t
		}
	}
	for i := range items {
		later(items[i].FirstSeen)
		later(items[i].Updated)
		for _, o := range items[i].Outlets {
			later(o.SeenAt)
		}
	}
	return newest
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// normTime drops sub-seconds and the zone so every format shows the same
// instant the same way and renders stay byte-identical.
func normTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}
