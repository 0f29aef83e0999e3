package publish

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
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

// sourcesPage renders GET /sources. A parsed template is immutable, so one
// per process is safe to share.
var sourcesPage = template.Must(template.ParseFS(assets, "assets/sources.html"))

// maxErrorRunes bounds the error message shown per source.
const maxErrorRunes = 200

type sourcesView struct {
	Title                 string
	Polled, Failing, Gone int
	Rows                  []sourceRow
}

type sourceRow struct {
	Name, URL, Origin, Status string
	LastSuccess, NextCheck    string
	Errors, Items, Matches    int
	ErrorCategory, LastError  string
}

// serveSources answers the source health page: status, last success, next
// check, consecutive errors, last error, items and matches per source.
func (h *handler) serveSources(w http.ResponseWriter, r *http.Request) {
	stats, ok := h.listSources(w, r)
	if !ok {
		return
	}
	v := sourcesView{Title: h.opts.Title}
	for _, s := range stats {
		row := newSourceRow(s)
		v.Rows = append(v.Rows, row)
		switch {
		case !s.Polled:
		case s.Status == tipwire.StatusGone:
			v.Polled, v.Gone = v.Polled+1, v.Gone+1
		case s.State.ConsecutiveErrors > 0:
			v.Polled, v.Failing = v.Polled+1, v.Failing+1
		default:
			v.Polled++
		}
	}
	var buf bytes.Buffer
	if err := sourcesPage.Execute(&buf, v); err != nil {
		h.fail(w, r, fmt.Errorf("render sources: %w", err))
		return
	}
	// Health changes with every fetch and the page is cheap: no Last-Modified,
	// the ETag alone revalidates.
	newRepresentation(buf.Bytes(), "text/html; charset=utf-8", time.Time{}).serve(w, r)
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

func newSourceRow(s tipwire.SourceStats) sourceRow {
	row := sourceRow{
		Name: cleanText(s.Name), URL: safeURL(s.URL), Origin: s.Origin, Status: s.Status,
		LastSuccess: utcMinute(s.State.LastSuccessAt), NextCheck: utcMinute(s.State.NextCheckAt),
		Errors: s.State.ConsecutiveErrors, Items: s.Items, Matches: s.Matches,
		ErrorCategory: s.State.ErrorCategory, LastError: shortText(s.State.LastError, maxErrorRunes),
	}
	switch {
	case !s.Polled:
		row.Status = "inactive"
	case s.Status == tipwire.StatusActive:
		row.Status = "active"
	}
	if !s.Polled {
		row.NextCheck = "-"
	}
	return row
}

func utcMinute(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// shortText puts s on one line and cuts it to n runes.
func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
