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

	// TopicTitle labels a topic category with the topic's title; nil, or
	// "", labels it with the topic's name.
	TopicTitle func(name string) string
	// CountryName labels a country category with the country's name; nil,
	// or not ok, labels it with the code.
	CountryName func(code string) (string, bool)
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
// categories and story pages it has no room for.
type document struct {
	meta    FeedMeta
	feed    *feeds.Feed
	cats    [][]category // categories of feed.Items[i]
	stories []string     // story page of feed.Items[i]; "" without a site URL
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
	for i := range items {
		story := d.storyURL(items[i].Key)
		fi := newFeedItem(&items[i], meta.Updated, story)
		if meta.Snippet {
			fi.Content = snippetHTML(&items[i], fi.Title, story)
		}
		d.feed.Add(fi)
		d.cats = append(d.cats, d.categories(&items[i]))
		d.stories = append(d.stories, story)
	}
	return d
}

// storyURL is the absolute URL of the story page of key, "" without a site
// URL or key.
func (d *document) storyURL(key string) string {
	if key == "" || d.meta.SiteURL == "" {
		return ""
	}
	return d.scheme("") + storyPath(key)[1:]
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

func newFeedItem(it *tipwire.Item, fallback time.Time, story string) *feeds.Item {
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
		Content:     entryHTML(it, title, story),
		Created:     normTime(published),
		Updated:     normTime(firstNonZero(it.Updated, published)),
	}
	if a := itemAuthor(it); a != "" {
		fi.Author = &feeds.Author{Name: a}
	}
	return fi
}

// entryHTML is the entry body: the stored summary (sanitised by the fetcher),
// a paragraph naming, and linking to, every outlet that carried the story
// (the first, then the others as "also reported by") and a link to the story
// page, which RSS and JSON Feed have no other place for.
func entryHTML(it *tipwire.Item, title, story string) string {
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
	if story != "" {
		fmt.Fprintf(&b, `<p><a href="%s">Story page</a>: every outlet, and why it matched.</p>`, html.EscapeString(story))
	}
	if b.Len() == 0 {
		// An Atom entry needs content or an alternate link; never leave both out.
		return "<p>" + html.EscapeString(title) + "</p>"
	}
	return b.String()
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
