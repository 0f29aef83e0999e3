package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
)

// thirtySources is a realistic list: long Google News names and URLs, some
// failing, one gone, one never fetched, one no longer polled.
func thirtySources(now time.Time) []tipwire.SourceStats {
	var out []tipwire.SourceStats
	for i := 1; i <= 30; i++ {
		s := tipwire.SourceStats{Polled: true, Items: i * 1000, Matches: i}
		s.ID, s.Status, s.Origin = int64(i), tipwire.StatusActive, tipwire.OriginConfig
		s.URL = fmt.Sprintf("https://news.google.com/rss/search?q=%%22human+trafficking%%22+when%%3A7d+site%%3Aoutlet%d.example&hl=en-US&gl=US&ceid=US%%3Aen", i)
		s.Name = fmt.Sprintf("Google News: \"human trafficking\" in outlet number %d of the region", i)
		s.State.LastCheckedAt = now.Add(-time.Duration(i) * time.Minute)
		s.State.LastSuccessAt = now.Add(-time.Duration(i) * 3 * time.Hour)
		switch {
		case i%7 == 0:
			s.State.ErrorCategory, s.State.ConsecutiveErrors = "http_status", 4
			s.State.LastError = strings.Repeat("fetch "+s.URL+": 503 Service Unavailable ", 3)
		case i == 11:
			s.Status = tipwire.StatusGone
		case i == 12:
			s.State = tipwire.FetchState{}
			s.Name = "" // shown by host and path
		case i == 13:
			s.Polled = false
		}
		out = append(out, s)
	}
	return out
}

func TestSourceTableFits100Columns(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := writeSourceTable(&buf, thirtySources(now), now, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 31 {
		t.Fatalf("want a header and 30 rows, got %d lines:\n%s", len(lines), buf.String())
	}
	statusCol := strings.Index(lines[0], "STATUS")
	for i, line := range lines {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("line %d is %d columns:\n%s", i, n, line)
		}
		// Aligned: every row's status starts under the STATUS header.
		if r := []rune(line); i > 0 && (len(r) <= statusCol || r[statusCol-1] != ' ' || r[statusCol] == ' ') {
			t.Errorf("line %d is not aligned with STATUS at column %d:\n%s\n%s", i, statusCol, lines[0], line)
		}
	}
	// Failing sources first (7, 14, 21, 28), then the gone one.
	for i, want := range []string{"failing (http_status)", "failing", "failing", "failing", "gone"} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("row %d = %q, want %s", i+1, lines[i+1], want)
		}
	}
	for _, want := range []string{"news.google.com/rss/search", "never", "inactive", "9h ago", "30000"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestSourceJSON(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := writeSourceJSON(&buf, thirtySources(now)); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if len(got) != 30 {
		t.Fatalf("got %d sources, want 30", len(got))
	}
	failing := got[6]
	if failing["status"] != "failing" || failing["error_category"] != "http_status" ||
		failing["consecutive_errors"] != 4.0 || failing["last_success"] != "2026-12-03T15:00:00Z" {
		t.Errorf("source 7 = %v", failing)
	}
	if fresh := got[11]; fresh["status"] != "new" || fresh["last_success"] != nil {
		t.Errorf("source 12 = %v, want status new and no last_success", fresh)
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "just now"}, {59 * time.Minute, "59m ago"}, {47 * time.Hour, "47h ago"}, {72 * time.Hour, "3d ago"},
	}
	for _, tt := range tests {
		if got := ago(now.Add(-tt.d), now); got != tt.want {
			t.Errorf("ago(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := ago(time.Time{}, now); got != "never" {
		t.Errorf("ago(zero) = %q, want never", got)
	}
}
