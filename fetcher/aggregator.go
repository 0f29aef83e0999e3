package fetcher

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"

	"github.com/tipwire/tipwire"
)

// sourceKey is where rssTranslator keeps an RSS item's <source> element
// (the outlet an aggregator relays), which gofeed's universal item drops.
const sourceKey = "tipwire:source"

// keepSources copies each RSS item's <source> name into its translated
// item; the default translator keeps items one for one, in order.
func keepSources(r *rss.Feed, out *gofeed.Feed) {
	if len(r.Items) != len(out.Items) {
		return
	}
	for i, it := range r.Items {
		if it == nil || it.Source == nil || strings.TrimSpace(it.Source.Title) == "" || out.Items[i] == nil {
			continue
		}
		if out.Items[i].Custom == nil {
			out.Items[i].Custom = map[string]string{}
		}
		out.Items[i].Custom[sourceKey] = it.Source.Title
	}
}

// relayed fixes up an item that an aggregator (Google News, Bing News)
// relays from another outlet: the outlet it names becomes the item's
// Outlet, its title loses the " - Outlet" suffix the aggregator appends
// (so the headline compares with the outlet's own copy), and a
// description that is only a link to the article and the outlet's name
// is dropped, so the store compares the headline alone instead of
// taking the link text for a lead.
func (f *Fetcher) relayed(it *gofeed.Item, out *tipwire.Item) {
	outlet := truncate(f.san.Text(relayedOutlet(it, out.Link)), maxTitle)
	if outlet == "" {
		return
	}
	out.Outlet = outlet
	out.Title = withoutOutlet(out.Title, outlet)
	if linkOnly(it.Description) {
		if out.Content == out.Summary {
			out.Content = ""
		}
		out.Summary = ""
	}
}

// relayedOutlet returns the outlet an aggregator's item names: its RSS
// <source>, else a namespaced Source element (Bing News' News:Source),
// else, for a Google News link, the outlet in the description's <font>.
func relayedOutlet(it *gofeed.Item, link string) string {
	if s := strings.TrimSpace(it.Custom[sourceKey]); s != "" {
		return s
	}
	for prefix, elems := range it.Extensions {
		if prefix == "dc" { // dc:source names a work derived from, not an outlet
			continue
		}
		for name, exts := range elems {
			if strings.EqualFold(name, "source") && len(exts) > 0 && !strings.Contains(exts[0].Value, "://") {
				if s := strings.TrimSpace(exts[0].Value); s != "" {
					return s
				}
			}
		}
	}
	if u, err := url.Parse(link); err == nil && u.Hostname() == "news.google.com" {
		return fontText(it.Description)
	}
	return ""
}

// withoutOutlet removes a trailing " - Outlet" (or en dash, em dash, bar)
// from a title, unless nothing would be left.
func withoutOutlet(title, outlet string) string {
	for _, sep := range []string{" - ", " – ", " — ", " | "} {
		suffix := sep + outlet
		if len(title) > len(suffix) && strings.EqualFold(title[len(title)-len(suffix):], suffix) {
			return strings.TrimSpace(title[:len(title)-len(suffix)])
		}
	}
	return title
}

// linkOnly reports whether a description holds no text of its own: only
// links (the article, or a list of related articles) and <font> outlet
// names, as Google News writes them.
func linkOnly(desc string) bool {
	if strings.TrimSpace(desc) == "" {
		return false
	}
	z := html.NewTokenizer(strings.NewReader(desc))
	depth, links := 0, 0 // depth inside <a> or <font>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return links > 0
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "a" || string(name) == "font" {
				depth++
				links++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "a" || string(name) == "font") && depth > 0 {
				depth--
			}
		case html.TextToken:
			if depth == 0 && strings.IndexFunc(string(z.Text()), unicode.IsLetter) >= 0 {
				return false
			}
		}
	}
}

// fontText returns the text of the description's first <font> element:
// the outlet in a Google News description.
func fontText(desc string) string {
	z := html.NewTokenizer(strings.NewReader(desc))
	inFont := false
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "font" {
				inFont = true
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "font" && inFont {
				return strings.TrimSpace(b.String())
			}
		case html.TextToken:
			if inFont {
				b.Write(z.Text())
			}
		}
	}
}
