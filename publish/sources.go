package publish

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/opml"
)

// SourceLister lists the stored sources with their health and counts;
// *daemon.Daemon satisfies it.
type SourceLister interface {
	SourceStats(ctx context.Context) ([]tipwire.SourceStats, error)
}

// maxErrorRunes bounds the error message shown per source: the whole of a
// real one, not a hostile megabyte.
const maxErrorRunes = 2000

// Source health classes. The page lists them in this order, what needs an
// operator first.
const (
	healthFailing  = "failing"
	healthGone     = "gone"
	healthPending  = "pending" // polled, never checked yet
	healthOK       = "ok"
	healthInactive = "inactive" // stored but not polled
)

func healthRank(class string) int {
	return slices.Index([]string{healthFailing, healthGone, healthPending, healthOK, healthInactive}, class)
}

type sourcesView struct {
	Nav                                          navView
	Polled, OK, Failing, Gone, Pending, Inactive int
	Rows                                         []sourceRow
}

type sourceRow struct {
	Name, URL, Origin        string
	Health, StatusText       string // a health class and its words ("failing: timeout")
	LastSuccess, NextCheck   relTime
	Errors, Items, Matches   int
	ErrorCategory, LastError string
}

// serveSources answers the source health page: every source with its
// status at a glance (failing first, with the error category), last success
// and next check in relative time, items and matches, and the full last
// error on demand.
func (h *handler) serveSources(w http.ResponseWriter, r *http.Request) {
	stats, ok := h.listSources(w, r)
	if !ok {
		return
	}
	v := sourcesView{Nav: h.nav("sources", "/", "")}
	now := h.opts.Now()
	for _, s := range stats {
		row := newSourceRow(s, now)
		v.Rows = append(v.Rows, row)
		v.count(row.Health)
	}
	slices.SortStableFunc(v.Rows, func(a, b sourceRow) int {
		return cmp.Or(cmp.Compare(healthRank(a.Health), healthRank(b.Health)),
			cmp.Compare(b.Errors, a.Errors), cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)))
	})
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, "sources.html", v); err != nil {
		h.fail(w, r, fmt.Errorf("render sources: %w", err))
		return
	}
	// Health changes with every fetch and the page is cheap: no Last-Modified,
	// the ETag alone revalidates.
	newRepresentation(buf.Bytes(), "text/html; charset=utf-8", time.Time{}).serve(w, r)
}

func (v *sourcesView) count(class string) {
	switch class {
	case healthInactive:
		v.Inactive++
		return
	case healthFailing:
		v.Failing++
	case healthGone:
		v.Gone++
	case healthOK:
		v.OK++
	case healthPending:
		v.Pending++
	}
	v.Polled++
}

// serveSourcesOPML answers the polled sources as an OPML 2.0 subscription
// list, one folder per origin.
func (h *handler) serveSourcesOPML(w http.ResponseWriter, r *http.Request) {
	stats, ok := h.listSources(w, r)
	if !ok {
		return
	}
	var outlines []opml.Outline
	for _, s := range stats {
		if s.Polled && safeURL(s.URL) != "" {
			outlines = append(outlines, opml.Outline{Title: cleanText(s.Name), XMLURL: s.URL, Category: s.Origin})
		}
	}
	var buf bytes.Buffer
	if err := opml.Write(&buf, h.opts.Title+" — sources", time.Time{}, outlines); err != nil {
		h.fail(w, r, fmt.Errorf("render sources.opml: %w", err))
		return
	}
	newRepresentation(buf.Bytes(), "text/x-opml; charset=utf-8", time.Time{}).serve(w, r)
}

func (h *handler) listSources(w http.ResponseWriter, r *http.Request) ([]tipwire.SourceStats, bool) {
	if h.opts.SourceList == nil {
		http.NotFound(w, r)
		return nil, false
	}
	stats, err := h.opts.SourceList.SourceStats(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("list sources: %w", err))
		return nil, false
	}
	return stats, true
}

func newSourceRow(s tipwire.SourceStats, now time.Time) sourceRow {
	row := sourceRow{
		Name: cleanText(s.Name), URL: safeURL(s.URL), Origin: s.Origin,
		LastSuccess: newRelTime(s.State.LastSuccessAt, now), NextCheck: newDueTime(s.State.NextCheckAt, now),
		Errors: s.State.ConsecutiveErrors, Items: s.Items, Matches: s.Matches,
		ErrorCategory: cleanText(s.State.ErrorCategory), LastError: shortText(s.State.LastError, maxErrorRunes),
	}
	if row.Name == "" {
		row.Name = hostOf(row.URL)
	}
	row.Health, row.StatusText = health(s)
	if !s.Polled {
		row.NextCheck = relTime{}
	}
	return row
}

// health classifies a source and says its status in words.
func health(s tipwire.SourceStats) (class, text string) {
	switch {
	case !s.Polled:
		return healthInactive, "not polled"
	case s.Status == tipwire.StatusGone:
		return healthGone, "gone (410)"
	case s.State.ConsecutiveErrors > 0:
		if c := cleanText(s.State.ErrorCategory); c != "" {
			return healthFailing, "failing: " + c
		}
		return healthFailing, "failing"
	case s.State.LastCheckedAt.IsZero() && s.State.LastSuccessAt.IsZero():
		return healthPending, "not checked yet"
	}
	return healthOK, "ok"
}

func hostOf(link string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		return u.Host
	}
	return "(no name)"
}

// shortText puts s on one line and cuts it to n runes.
func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
