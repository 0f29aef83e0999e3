package publish

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"slices"
	"time"

	"github.com/gorilla/feeds"
)

// atomFeed is gorilla/feeds' AtomFeed with what RFC 4287 wants and the
// library cannot express: a self and an alternate link, and entries with
// categories. encoding/xml lets a shallower field shadow an embedded one of
// the same XML name, and fields marshal in order, so the entries stay last as
// the schema requires.
type atomFeed struct {
	*feeds.AtomFeed
	Links   []feeds.AtomLink `xml:"link"`
	Entries []atomEntry      `xml:"entry"`
}

// atomEntry adds RFC 4287 categories (term and scheme attributes); the
// library's single Category is character data, which the schema rejects.
type atomEntry struct {
	*feeds.AtomEntry
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

func writeAtom(w io.Writer, d *document) error {
	af := (&feeds.Atom{Feed: d.feed}).AtomFeed()
	af.Id = d.meta.ID // the library would reuse the alternate link
	af.Link = nil
	out := atomFeed{AtomFeed: af, Links: atomLinks(append([]feeds.AtomLink{
		{Href: d.meta.SelfURL, Rel: "self", Type: "application/atom+xml"},
		{Href: d.meta.SiteURL, Rel: "alternate", Type: "text/html"},
	}, hubAtomLinks(d.meta.Hubs)...)...)}
	for i, e := range af.Entries {
		// The library emits href="" without a link; the story page is the
		// entry's related resource (RFC 4287 §4.2.7.2), the article its alternate.
		e.Links = atomLinks(append(e.Links, feeds.AtomLink{Href: d.stories[i], Rel: "related", Type: "text/html"})...)
		e.Published = d.feed.Items[i].Created.Format(time.RFC3339)
		cats := make([]atomCategory, 0, len(d.cats[i]))
		for _, c := range d.cats[i] {
			cats = append(cats, atomCategory{Term: c.term, Scheme: c.scheme, Label: c.label})
		}
		out.Entries = append(out.Entries, atomEntry{AtomEntry: e, Categories: cats})
	}
	af.Entries = nil
	return writeXML(w, out)
}

func atomLinks(links ...feeds.AtomLink) []feeds.AtomLink {
	var out []feeds.AtomLink
	for _, l := range links {
		if l.Href != "" {
			out = append(out, l)
		}
	}
	return out
}

// rssDoc replaces the library's root to declare the atom and dc namespaces
// used for the channel's self link and item bylines.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	DCNS    string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	*feeds.RssFeed
	Self  []rssAtomLink `xml:"atom:link"` // rel="self", then rel="hub" (WebSub)
	Items []rssItem     `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

// rssItem adds several categories, drops an empty <link>, and moves the
// byline to dc:creator because RSS 2.0's author must be an e-mail address.
// A category's text is its label, which readers show; its domain is the
// scheme, so the pair stays machine-readable.
type rssItem struct {
	*feeds.RssItem
	Link       string        `xml:"link,omitempty"`
	Creator    string        `xml:"dc:creator,omitempty"`
	Categories []rssCategory `xml:"category"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Name   string `xml:",chardata"`
}

func writeRSS(w io.Writer, d *document) error {
	ch := (&feeds.Rss{Feed: d.feed}).RssFeed()
	ch.ManagingEditor = "" // must be an e-mail address; we have none
	ch.Generator = "tipwire"
	out := rssDoc{
		Version: "2.0",
		AtomNS:  "http://www.w3.org/2005/Atom",
		DCNS:    "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{RssFeed: ch},
	}
	if d.meta.SelfURL != "" {
		out.Channel.Self = append(out.Channel.Self, rssAtomLink{Href: d.meta.SelfURL, Rel: "self", Type: "application/rss+xml"})
	}
	for _, l := range hubAtomLinks(d.meta.Hubs) {
		out.Channel.Self = append(out.Channel.Self, rssAtomLink{Href: l.Href, Rel: "hub"})
	}
	for i, it := range ch.Items {
		// One copy of the body, in description; content:encoded would repeat it.
		it.Description, it.Content = d.feed.Items[i].Content, nil
		ri := rssItem{RssItem: it, Link: it.Link, Creator: it.Author}
		it.Author = ""
		for _, c := range d.cats[i] {
			ri.Categories = append(ri.Categories, rssCategory{Domain: c.scheme, Name: c.label})
		}
		out.Channel.Items = append(out.Channel.Items, ri)
	}
	ch.Items = nil
	return writeXML(w, out)
}

// jsonFeed always emits "items", which JSON Feed 1.1 requires even when empty
// and the library omits then.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

func writeJSON(w io.Writer, d *document) error {
	jf := (&feeds.JSON{Feed: d.feed}).JSONFeed()
	jf.FeedUrl = d.meta.SelfURL
	jf.Hubs = jsonHubs(d.meta.Hubs)
	out := jsonFeed{JSONFeed: jf, Items: make([]*feeds.JSONItem, 0, len(jf.Items))}
	for i, it := range jf.Items {
		for _, c := range d.cats[i] { // JSON Feed tags are plain strings: the labels
			if !slices.Contains(it.Tags, c.label) {
				it.Tags = append(it.Tags, c.label)
			}
		}
		out.Items = append(out.Items, it)
	}
	jf.Items = nil
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // served as application/feed+json, never inside HTML
	return enc.Encode(out)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
