package daemon

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// TestPassLogsOneLineForFailures checks that a scheduled pass with many
// failing sources logs one warning naming the counts by category, and
// nothing per source above debug.
func TestPassLogsOneLineForFailures(t *testing.T) {
	fail := func(c fetcher.Category) error { return &fetcher.Error{Category: c, Err: errors.New("down")} }
	f := &fakeFetcher{
		results: map[string]fetcher.Result{"https://ok.example/feed": {}},
		errs: map[string]error{
			"https://d1.example/feed": fail(fetcher.CategoryDNS),
			"https://d2.example/feed": fail(fetcher.CategoryDNS),
			"https://h.example/feed":  fail(fetcher.CategoryHTTPStatus),
			"https://t.example/feed":  fail(fetcher.CategoryTimeout),
			"https://d3.example/feed": fail(fetcher.CategoryDNS),
		},
	}
	var srcs []tipwire.Source
	for _, u := range []string{"https://ok.example/feed", "https://d1.example/feed", "https://d2.example/feed",
		"https://h.example/feed", "https://t.example/feed", "https://d3.example/feed"} {
		srcs = append(srcs, tipwire.Source{URL: u, Origin: tipwire.OriginConfig})
	}
	var log bytes.Buffer
	st := &fakeStore{saved: map[int64][]tipwire.Item{}, states: map[int64]tipwire.FetchState{}}
	clock := newTestClock()
	d := New(f, st, titleMatcher{}, Options{Workers: 2, Configured: srcs, Now: clock.Now},
		slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err := d.Init(context.Background()); err != nil {
		t.Fatal(err)
	}

	d.timedPass(context.Background(), time.Minute)

	var warns []string
	for line := range strings.Lines(log.String()) {
		if strings.Contains(line, "level=WARN") {
			warns = append(warns, line)
		}
	}
	if len(warns) != 1 {
		t.Fatalf("want one warning for the pass, got %d:\n%s", len(warns), log.String())
	}
	for _, want := range []string{"failed=5", "of=6", `categories="dns=3 http_status=1 timeout=1"`} {
		if !strings.Contains(warns[0], want) {
			t.Errorf("warning lacks %s: %s", want, warns[0])
		}
	}
}

func TestFailureCategoriesLeavesOutCancelled(t *testing.T) {
	reports := []Report{
		{Err: context.Canceled, Category: categoryCancelled},
		{Err: errors.New("x"), Category: "tls"},
		{},
	}
	if n, cats := failureCategories(reports); n != 1 || cats != "tls=1" {
		t.Errorf("failureCategories = %d %q, want 1 \"tls=1\"", n, cats)
	}
}
