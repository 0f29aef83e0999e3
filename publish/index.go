package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
)

// excerptRunes bounds the plain-text summary shown per item on the index.
const excerptRunes = 280

// indexPage is what assets/index.html renders. Every string in it is plain
// text or an http(s) URL; html/template escapes them, so no publisher markup
// ever reaches the page.
type indexPage struct {
	Title       string
	Description string
	Feeds       []feedLink // the all-topics feeds
	Topics      []topicLinks
	Items       []indexItem
}

type feedLink struct {
	Label, Href string
	// TypeAttr is a constant type="..." attribute. html/template would
	// escape the "+" of a media type as &#43;, which naive autodiscovery
	// code fails to decode; constants need no escaping.
	TypeAttr template.HTMLAttr
}

type topicLinks struct {
	Name, Title string
	Feeds       []feedLink
}

type indexItem struct {
	Title     string
	Link      string // "" when the item has no http(s) link
	Excerpt   string
	FirstSeen time.Time
	Outlets   []outletView
	Matches   []matchView
}

type outletView struct {
	Name, Link string
}

type matchView struct {
	Topic, Title, Feed string
	Terms              []string
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	items, err := h.items.Items(r.Context(), tipwire.ItemQuery{Limit: h.opts.Limit})
	if err != nil {
		h.fail(w, r, fmt.Errorf("list items: %w", err))
		return
	}
	var buf bytes.Buffer
	if err := h.page.Execute(&buf, h.newIndexPage(items)); err != nil {
		h.fail(w, r, fmt.Errorf("render index: %w", err))
		return
	}
	newRepresentation(buf.Bytes(), "text/html; charset=utf-8", h.lastModified(items)).serve(w, r)
}

func (h *handler) newIndexPage(items []tipwire.Item) indexPage {
	p := indexPage{
		Title:       h.opts.Title,
		Description: h.opts.Description,
		Feeds:       feedLinks(""),
	}
	for _, t := range h.opts.Topics {
		p.Topics = append(p.Topics, topicLinks{Name: t.Name, Title: h.topicTitle(t.Name), Feeds: feedLinks(t.Name)})
	}
	for i := range items {
		p.Items = append(p.Items, h.newIndexItem(&items[i]))
	}
	return p
}

// feedLinks lists the three formats of one feed, as root-relative links so the
// page works whatever host it is reached by.
func feedLinks(topic string) []feedLink {
	return []feedLink{
		{Label: "Atom", TypeAttr: `type="application/atom+xml"`, Href: feedPath(topic, FormatAtom)},
		{Label: "RSS", TypeAttr: `type="application/rss+xml"`, Href: feedPath(topic, FormatRSS)},
		{Label: "JSON Feed", TypeAttr: `type="application/feed+json"`, Href: feedPath(topic, FormatJSON)},
	}
}

func (h *handler) newIndexItem(it *tipwire.Item) indexItem {
	v := indexItem{
		Title:     cleanText(strings.TrimSpace(it.Title)),
		Link:      itemLink(it),
		Excerpt:   plainExcerpt(it.Summary, excerptRunes),
		FirstSeen: firstNonZero(it.FirstSeen, it.Published).UTC(),
	}
	if v.Title == "" {
		v.Title = "(untitled)"
	}
	for _, o := range it.Outlets {
		v.Outlets = append(v.Outlets, outletView{Name: outletName(o), Link: safeURL(o.Link)})
	}
	for _, m := range it.Matches {
		mv := matchView{Topic: m.Topic, Title: h.topicTitle(m.Topic)}
		if _, ok := h.opts.topic(m.Topic); ok {
			mv.Feed = feedPath(m.Topic, FormatAtom)
		}
		for _, t := range m.Terms {
			mv.Terms = append(mv.Terms, cleanText(t))
		}
		v.Matches = append(v.Matches, mv)
	}
	return v
}

func (h *handler) topicTitle(name string) string {
	if t, ok := h.opts.topic(name); ok && t.Title != "" {
		return t.Title
	}
	return name
}
