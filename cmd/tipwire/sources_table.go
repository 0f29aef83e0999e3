package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
)

// nameWidth caps the NAME column so that a row of `sources list` fits 100
// columns: ID 5, NAME 36, STATUS 21, LAST SUCCESS 12, ITEMS 7, MATCHES 7,
// and two spaces between columns.
const nameWidth = 36

func listFlags(fs *flag.FlagSet) {
	fs.Bool("json", false, "print every field of every source as JSON")
	fs.Bool("wide", false, "add the URL and the last error (rows no longer fit 100 columns)")
}

// sourceHealth is a source's status in one word (with the error category
// when failing): ok, new (never fetched), failing, gone, or inactive for
// a stored source that is no longer polled.
func sourceHealth(s tipwire.SourceStats) string {
	switch {
	case !s.Polled:
		return "inactive"
	case s.Status == tipwire.StatusGone:
		return "gone"
	case s.State.ErrorCategory != "":
		return "failing (" + s.State.ErrorCategory + ")"
	case s.State.LastCheckedAt.IsZero():
		return "new"
	}
	return "ok"
}

// writeSourceTable prints one aligned row per source, failing ones first
// so they are not lost in a long list.
func writeSourceTable(w io.Writer, stats []tipwire.SourceStats, now time.Time, wide bool) error {
	stats = slices.Clone(stats)
	slices.SortStableFunc(stats, func(a, b tipwire.SourceStats) int {
		return cmp.Compare(healthRank(a), healthRank(b))
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "ID\tNAME\tSTATUS\tLAST SUCCESS\tITEMS\tMATCHES"
	if wide {
		header += "\tURL\tLAST ERROR"
	}
	fmt.Fprintln(tw, header)
	for _, s := range stats {
		row := fmt.Sprintf("%d\t%s\t%s\t%s\t%d\t%d", s.ID, shorten(displayName(s.Source), nameWidth),
			sourceHealth(s), ago(s.State.LastSuccessAt, now), s.Items, s.Matches)
		if wide {
			row += "\t" + s.URL + "\t" + cmp.Or(shorten(s.State.LastError, 200), "-")
		}
		fmt.Fprintln(tw, row)
	}
	return tw.Flush()
}

// healthRank orders the table: what needs the operator first.
func healthRank(s tipwire.SourceStats) int {
	switch h := sourceHealth(s); {
	case strings.HasPrefix(h, "failing"):
		return 0
	case h == "gone":
		return 1
	case h == "inactive":
		return 3
	}
	return 2
}

// displayName is the source's name, else its feed URL's host and path.
func displayName(s tipwire.Source) string {
	if s.Name != "" {
		return s.Name
	}
	if u, err := url.Parse(s.URL); err == nil && u.Host != "" {
		return strings.TrimSuffix(u.Host+u.Path, "/")
	}
	return s.URL
}

// ago is how long before now t was, in the largest whole unit.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
}

// sourceJSON is one source in `sources list --json`; times are RFC 3339
// in UTC and left out when they never happened.
type sourceJSON struct {
	ID                int64     `json:"id"`
	Name              string    `json:"name"`
	URL               string    `json:"url"`
	Origin            string    `json:"origin"`
	Status            string    `json:"status"`
	LastSuccess       time.Time `json:"last_success,omitzero"`
	LastChecked       time.Time `json:"last_checked,omitzero"`
	NextCheck         time.Time `json:"next_check,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors"`
	ErrorCategory     string    `json:"error_category,omitempty"`
	LastError         string    `json:"last_error,omitempty"`
	Items             int       `json:"items"`
	Matches           int       `json:"matches"`
}

func writeSourceJSON(w io.Writer, stats []tipwire.SourceStats) error {
	out := make([]sourceJSON, 0, len(stats))
	for _, s := range stats {
		status, _, _ := strings.Cut(sourceHealth(s), " ")
		out = append(out, sourceJSON{
			ID: s.ID, Name: s.Name, URL: s.URL, Origin: s.Origin, Status: status,
			LastSuccess: utc(s.State.LastSuccessAt), LastChecked: utc(s.State.LastCheckedAt),
			NextCheck: utc(s.State.NextCheckAt), ConsecutiveErrors: s.State.ConsecutiveErrors,
			ErrorCategory: s.State.ErrorCategory, LastError: s.State.LastError,
			Items: s.Items, Matches: s.Matches,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// shorten cuts s to n runes on one line, so a table row stays a row.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
