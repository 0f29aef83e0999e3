package publish

import (
	"html/template"
	"net/url"
	"strings"
	"time"
)

// pageTemplates parses every HTML page with the shared layout (head, header
// with the site navigation, footer, tag chips, dates), so all pages carry
// the same header.
func pageTemplates() *template.Template {
	return template.Must(template.New("pages").Funcs(templateFuncs()).ParseFS(assets,
		"assets/layout.html", "assets/index.html", "assets/story.html", "assets/sources.html",
		"assets/topics.html", "assets/countries.html"))
}

// navView is the shared header: the site's title, its sections and the
// search form, which searches the page's own list (Action) or all stories.
type navView struct {
	Title     string
	Countries bool   // the /countries section is served
	Current   string // "latest", "topics", "countries", "sources" or ""
	Action    string // where the search form goes
	Query     string // the search shown in the form
}

func (h *handler) nav(current, action, query string) navView {
	if action == "" {
		action = "/"
	}
	return navView{Title: h.opts.Title, Countries: h.opts.CountryName != nil, Current: current, Action: action, Query: query}
}

// tagView is a tag chip: its label and the page of the stories carrying it.
type tagView struct {
	Label, Page string
}

// tagViews labels tags as the feeds do and links each to its page: a
// country to /countries/{code} when countries are served, a type to
// /tags/{type}.
func (h *handler) tagViews(tags []string) []tagView {
	var out []tagView
	for _, t := range tags {
		t = cleanText(t)
		if !isCountryTag(t) {
			out = append(out, tagView{Label: typeLabel(t), Page: tagPage(t)})
			continue
		}
		v := tagView{Label: t}
		if h.opts.CountryName != nil {
			if name, ok := h.opts.CountryName(t); ok {
				v = tagView{Label: name, Page: "/countries/" + url.PathEscape(t)}
			}
		}
		out = append(out, v)
	}
	return out
}

// tagPage is the route of a type tag's page.
func tagPage(tag string) string { return "/tags/" + url.PathEscape(tag) }

// datesView is when a story was published and, when it was another day
// (UTC), first seen by tipwire: an old report found today shows both.
type datesView struct {
	Published, FirstSeen time.Time
	SeenLater            bool
}

func newDates(published, firstSeen time.Time) datesView {
	published, firstSeen = firstNonZero(published, firstSeen).UTC(), firstNonZero(firstSeen, published).UTC()
	return datesView{
		Published: published, FirstSeen: firstSeen,
		SeenLater: firstSeen.Format(time.DateOnly) != published.Format(time.DateOnly),
	}
}

// isTypeTag accepts what package tags calls a type: lower-case ASCII words
// joined by '-'.
func isTypeTag(s string) bool {
	if s == "" || len(s) > 40 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}
