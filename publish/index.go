package publish

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tipwire/tipwire"
)

// excerptRunes bounds the plain-text summary shown per item on a page.
const excerptRunes = 280

// templateFuncs returns the helpers assets/index.html uses.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"score": func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
	}
}

// pageView is what assets/index.html renders: the home page, a topic page or
// a search. Every string in it is plain text or an http(s) or root-relative
// URL; html/template escapes them, so no publisher markup ever reaches the
// page.
type pageView struct {
	Nav         navView
	Title       string // the site's title
	FeedTitle   string // title of this page's feeds
	Heading     string // this page's heading
	Description string
	Action      string     // this page's path: where the search form and pagination go
	Feeds       []feedLink // this page's feeds (all topics, or one topic)
	Topics      []topicLinks
	Query       string
	Chart       *chartView
	Items       []indexItem
	Page        int
	Prev, Next  string // pagination links, "" when there is no such page
}

type feedLink struct {
	Label, Href string
	// TypeAttr is a constant type="..." attribute. html/template would
	// escape the "+" of a media type as &#43;, which naive autodiscovery
	// code fails to decode; constants need no escaping.
	TypeAttr template.HTMLAttr
}

type topicLinks struct {
	Name, Title, Page string
	Feeds             []feedLink
}

type indexItem struct {
	datesView
	Title   string
	Link    string // "" when the item has no http(s) link
	Story   string // the story page
	Excerpt string
	Score   float64   // the best score among the matches
	Tags    []tagView // the story's countries and types
	Outlets []outletView
	Matches []matchView
}

type outletView struct {
	Name, Link string
	Why        string // why this copy was merged into the story; "" for the first
}

type matchView struct {
	Topic, Title, Page string
	Terms              []string
	Score              float64
	Why                string // the filters' explanation of the score
}

// listSpec says which stories an HTML page lists and how it presents them.
type listSpec struct {
	topic, tag string     // the stories' topic and tag; "" means any
	section    string     // the header's current section (navView.Current)
	heading    string     // the page's heading; "" is the home page's
	action     string     // the page's path, for its search form and pagination
	feeds      []feedLink // the page's feeds
}

func (h *handler) serveHome(w http.ResponseWriter, r *http.Request) {
	h.serveList(w, r, listSpec{section: "latest", action: "/", feeds: feedLinks("")})
}

// servePage answers a topic's page.
func (h *handler) servePage(w http.ResponseWriter, r *http.Request, topic string) {
	h.serveList(w, r, listSpec{topic: topic, section: "topics", heading: h.topicTitle(topic), action: topicPage(topic), feeds: feedLinks(topic)})
}

// serveCountryPage answers the page of the stories tagged with a country
// (code, upper-case ISO 3166-1 alpha-2, named name), linking its feeds.
func (h *handler) serveCountryPage(w http.ResponseWriter, r *http.Request, code, name string) {
	base := "/countries/" + url.PathEscape(code)
	h.serveList(w, r, listSpec{tag: code, section: "countries", heading: name, action: base, feeds: tagFeedLinks(base)})
}

// tagFeedLinks lists the three formats of the feed of a tag's page at base.
func tagFeedLinks(base string) []feedLink {
	return []feedLink{
		{Label: "Atom", TypeAttr: `type="application/atom+xml"`, Href: base + "." + FormatAtom},
		{Label: "RSS", TypeAttr: `type="application/rss+xml"`, Href: base + "." + FormatRSS},
		{Label: "JSON Feed", TypeAttr: `type="application/feed+json"`, Href: base + "." + FormatJSON},
	}
}

// serveList answers one page of stories, with the search and page number of
// the query string, from the render cache.
func (h *handler) serveList(w http.ResponseWriter, r *http.Request, spec listSpec) {
	lq, err := parseListQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := "page\x00" + spec.action + "\x00" + lq.q + "\x00" + strconv.Itoa(lq.page)
	rep, err := h.cache.get(key, func() (*representation, error) {
		return h.renderPage(r.Context(), spec, lq)
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep.serve(w, r)
}

func (h *handler) renderPage(ctx context.Context, spec listSpec, lq listQuery) (*representation, error) {
	size := h.opts.PageSize
	items, err := h.items.Items(ctx, tipwire.ItemQuery{
		Topic: spec.topic, Tag: spec.tag, Query: lq.q, Limit: size + 1, Offset: (lq.page - 1) * size,
	})
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	more := len(items) > size // one extra item tells whether a next page exists
	items = items[:min(len(items), size)]
	v := h.newPageView(spec, lq, items, more)
	// The chart counts matches per topic; a tag's page has none.
	if lq.q == "" && lq.page == 1 && h.opts.Counts != nil && spec.tag == "" {
		if v.Chart, err = h.chart(ctx, spec.topic); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, "index.html", v); err != nil {
		return nil, fmt.Errorf("render page: %w", err)
	}
	return newRepresentation(buf.Bytes(), "text/html; charset=utf-8", h.lastModified(items)), nil
}

func (h *handler) newPageView(spec listSpec, lq listQuery, items []tipwire.Item, more bool) pageView {
	v := pageView{
		Nav:   h.nav(spec.section, spec.action, lq.q),
		Title: h.opts.Title, FeedTitle: h.opts.Title, Heading: "Latest stories", Description: h.opts.Description,
		Action: spec.action, Feeds: spec.feeds, Query: lq.q, Page: lq.page,
	}
	if spec.heading != "" {
		v.Heading, v.FeedTitle, v.Description = spec.heading, spec.heading, ""
	}
	if lq.q != "" {
		v.Heading = "Search: " + lq.q
		if spec.heading != "" {
			v.Heading += " in " + spec.heading
		}
	}
	for _, t := range h.opts.Topics {
		v.Topics = append(v.Topics, topicLinks{Name: t.Name, Title: h.topicTitle(t.Name), Page: topicPage(t.Name), Feeds: feedLinks(t.Name)})
	}
	for i := range items {
		v.Items = append(v.Items, h.newIndexItem(&items[i]))
	}
	if lq.page > 1 {
		v.Prev = pageHref(v.Action, lq.q, lq.page-1)
	}
	if more {
		v.Next = pageHref(v.Action, lq.q, lq.page+1)
	}
	return v
}

// topicPage is the route of a topic's HTML page.
func topicPage(name string) string { return "/topics/" + url.PathEscape(name) }

func pageHref(action, q string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return action
	}
	return action + "?" + v.Encode()
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
		datesView: newDates(it.Published, it.FirstSeen),
		Title:     cleanText(strings.TrimSpace(it.Title)),
		Link:      itemLink(it),
		Story:     storyPath(it.Key),
		Excerpt:   plainExcerpt(it.Summary, excerptRunes),
		Tags:      h.tagViews(it.Tags),
	}
	if v.Title == "" {
		v.Title = "(untitled)"
	}
	for _, o := range it.Outlets {
		v.Outlets = append(v.Outlets, outletView{Name: outletName(o), Link: safeURL(o.Link), Why: mergeWhy(o)})
	}
	for _, m := range it.Matches {
		mv := matchView{Topic: m.Topic, Title: h.topicTitle(m.Topic), Score: m.Score, Why: cleanText(m.Reason)}
		if _, ok := h.opts.topic(m.Topic); ok {
			mv.Page = topicPage(m.Topic)
		}
		for _, t := range m.Terms {
			mv.Terms = append(mv.Terms, cleanText(t))
		}
		v.Score = max(v.Score, m.Score)
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
