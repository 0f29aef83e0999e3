package publish

import (
	"html"

	"github.com/gorilla/feeds"

	"github.com/tipwire/tipwire"
)

// Feed entry content modes (Options.Content).
const (
	// ContentSnippet, the default, gives each entry its title, a short
	// plain-text excerpt and the links: never the publisher's full text,
	// which may carry victims' details and is the publisher's to show.
	ContentSnippet = "snippet"
	// ContentFull gives each entry the publisher's sanitised summary.
	ContentFull = "full"
)

// SnippetRunes is the length of the excerpt in snippet mode.
const SnippetRunes = 300

// feedExtras sets what every feed of o carries besides its own
// description: the content mode, the WebSub hubs and the category labels.
func (o Options) feedExtras(m FeedMeta) FeedMeta {
	m.Snippet = o.Content != ContentFull
	m.Hubs = o.Hubs
	m.TopicTitle = func(name string) string {
		t, _ := o.topic(name)
		return t.Title
	}
	m.CountryName = o.CountryName
	return m
}

// snippetHTML is the entry body in snippet mode: a plain-text excerpt of
// the summary and the outlets paragraph of entryHTML.
func snippetHTML(it *tipwire.Item, title, story string) string {
	cp := *it
	cp.Summary = ""
	if ex := plainExcerpt(it.Summary, SnippetRunes); ex != "" {
		cp.Summary = "<p>" + html.EscapeString(ex) + "</p>"
	}
	cp.Content = ""
	return entryHTML(&cp, title, story)
}

// hubAtomLinks are the rel="hub" links of a feed (WebSub §4).
func hubAtomLinks(hubs []string) []feeds.AtomLink {
	var out []feeds.AtomLink
	for _, h := range hubs {
		if u := safeURL(h); u != "" {
			out = append(out, feeds.AtomLink{Href: u, Rel: "hub"})
		}
	}
	return out
}

// jsonHubs are the hubs of a JSON Feed (version 1.1, "hubs").
func jsonHubs(hubs []string) []*feeds.JSONHub {
	var out []*feeds.JSONHub
	for _, h := range hubs {
		if u := safeURL(h); u != "" {
			out = append(out, &feeds.JSONHub{Type: "WebSub", Url: u})
		}
	}
	return out
}
