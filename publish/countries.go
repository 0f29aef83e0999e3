package publish

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
)

// TagCounter counts published stories per tag; *store.Store satisfies it.
type TagCounter interface {
	TagCounts(ctx context.Context) ([]tipwire.TagCount, error)
}

// registerCountries serves the per-country feeds and their index when
// Options.CountryName is set.
func (h *handler) registerCountries(mux *http.ServeMux) {
	if h.opts.CountryName == nil {
		return
	}
	h.countries = template.Must(template.New("countries").Parse(countriesPage))
	mux.HandleFunc("GET /countries", h.serveCountries)
	mux.HandleFunc("GET /countries/{file}", h.serveCountryFeed)
}

// serveCountryFeed answers /countries/{ISO}.{atom,rss,json}, the feeds of
// the stories tagged with the country in any topic, and /countries/{ISO},
// their HTML page (index.go).
func (h *handler) serveCountryFeed(w http.ResponseWriter, r *http.Request) {
	code, format, hasExt := strings.Cut(r.PathValue("file"), ".")
	code = strings.ToUpper(code)
	name, known := h.opts.CountryName(code)
	switch {
	case !known || hasExt && contentType(format) == "":
		http.NotFound(w, r)
		return
	case !hasExt:
		h.serveCountryPage(w, r, code, name)
		return
	}
	rep, err := h.cache.get("country\x00"+code+"\x00"+format, func() (*representation, error) {
		items, err := h.items.Items(r.Context(), tipwire.ItemQuery{Tag: code, Limit: h.opts.Limit})
		if err != nil {
			return nil, fmt.Errorf("list items of %s: %w", code, err)
		}
		var buf bytes.Buffer
		if err := Render(&buf, format, CountryFeedMeta(h.opts, code, name, format), items); err != nil {
			return nil, err
		}
		return newRepresentation(buf.Bytes(), contentType(format), h.lastModified(items)), nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep.serve(w, r)
}

// CountryFeedMeta describes the feed of one country (an upper-case ISO
// code, with its name) as NewHandler serves it.
func CountryFeedMeta(opts Options, code, name, format string) FeedMeta {
	o := opts.withDefaults()
	return o.feedExtras(FeedMeta{
		Title:       o.Title + " — " + name,
		Description: fmt.Sprintf("Stories about %s, in any topic. %s", name, o.Description),
		SelfURL:     o.BaseURL + "/countries/" + code + "." + format,
		SiteURL:     o.BaseURL + "/", // also the base of the category schemes
		ID:          o.BaseURL + "/countries/" + code + "." + FormatAtom,
	})
}

// countryRow is one line of the /countries page.
type countryRow struct {
	Code, Name string
	Stories    int
}

// serveCountries answers /countries: every country with stories, most
// first, with links to its feeds.
func (h *handler) serveCountries(w http.ResponseWriter, r *http.Request) {
	rep, err := h.cache.get("countries", func() (*representation, error) {
		rows, err := h.countryRows(r.Context())
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		data := struct {
			Title string
			Rows  []countryRow
		}{h.opts.Title, rows}
		if err := h.countries.Execute(&buf, data); err != nil {
			return nil, fmt.Errorf("render countries: %w", err)
		}
		return newRepresentation(buf.Bytes(), "text/html; charset=utf-8", h.opts.Now()), nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep.serve(w, r)
}

func (h *handler) countryRows(ctx context.Context) ([]countryRow, error) {
	if h.opts.Tags == nil {
		return nil, nil
	}
	counts, err := h.opts.Tags.TagCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("count tags: %w", err)
	}
	var rows []countryRow
	for _, c := range counts {
		if name, ok := h.opts.CountryName(c.Tag); ok && c.Tag == strings.ToUpper(c.Tag) {
			rows = append(rows, countryRow{Code: c.Tag, Name: name, Stories: c.Stories})
		}
	}
	slices.SortStableFunc(rows, func(a, b countryRow) int {
		return cmp.Or(cmp.Compare(b.Stories, a.Stories), cmp.Compare(a.Name, b.Name))
	})
	return rows, nil
}

const countriesPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Countries — {{.Title}}</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header><h1><a href="/">{{.Title}}</a></h1><p>Stories by country: every country a published story is about, with its own feeds.</p></header>
<main>
{{if .Rows}}<table class="countries">
<thead><tr><th>Country</th><th>Stories</th><th>Feeds</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td><a href="/countries/{{.Code}}">{{.Name}}</a> ({{.Code}})</td><td>{{.Stories}}</td><td><a href="/countries/{{.Code}}.atom">Atom</a> · <a href="/countries/{{.Code}}.rss">RSS</a> · <a href="/countries/{{.Code}}.json">JSON</a></td></tr>
{{end}}</tbody>
</table>{{else}}<p>No story has been tagged with a country yet.</p>{{end}}
</main>
</body>
</html>
`
