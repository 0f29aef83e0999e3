package publish

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
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
	h.serveTagFeed(w, r, code, format, CountryFeedMeta(h.opts, code, name, format))
}

// serveTag answers /tags/{type}, the page of the stories of an exploitation
// or event type, and /tags/{type}.{atom,rss,json}, their feeds.
func (h *handler) serveTag(w http.ResponseWriter, r *http.Request) {
	tag, format, hasExt := strings.Cut(r.PathValue("file"), ".")
	switch {
	case !isTypeTag(tag) || hasExt && contentType(format) == "":
		http.NotFound(w, r)
	case !hasExt:
		base := tagPage(tag)
		h.serveList(w, r, listSpec{tag: tag, heading: typeLabel(tag), action: base, feeds: tagFeedLinks(base)})
	default:
		o := h.opts
		h.serveTagFeed(w, r, tag, format, o.feedExtras(FeedMeta{
			Title:       o.Title + " — " + typeLabel(tag),
			Description: fmt.Sprintf("Stories tagged %s, in any topic. %s", typeLabel(tag), o.Description),
			SelfURL:     o.BaseURL + tagPage(tag) + "." + format,
			SiteURL:     o.BaseURL + "/",
			ID:          o.BaseURL + tagPage(tag) + "." + FormatAtom,
		}))
	}
}

// serveTagFeed answers the feed of the stories carrying tag, in any topic.
func (h *handler) serveTagFeed(w http.ResponseWriter, r *http.Request, tag, format string, meta FeedMeta) {
	rep, err := h.cache.get("tag\x00"+tag+"\x00"+format, func() (*representation, error) {
		items, err := h.items.Items(r.Context(), tipwire.ItemQuery{Tag: tag, Limit: h.opts.Limit})
		if err != nil {
			return nil, fmt.Errorf("list items of %s: %w", tag, err)
		}
		var buf bytes.Buffer
		if err := Render(&buf, format, meta, items); err != nil {
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
			Nav  navView
			Rows []countryRow
		}{h.nav("countries", "/", ""), rows}
		if err := h.pages.ExecuteTemplate(&buf, "countries.html", data); err != nil {
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
