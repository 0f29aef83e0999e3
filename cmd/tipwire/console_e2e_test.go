package main

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/store"
)

// scrape GETs path from h and returns the body.
func scrape(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// metricValue finds one sample in Prometheus text output by its name and
// labels as printed (`name{a="b"}`), or reports it missing.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", series, err)
			}
			return f
		}
	}
	t.Fatalf("no sample %s in:\n%s", series, body)
	return 0
}

func TestMetricsMoveAfterFetchPass(t *testing.T) {
	a, _, _ := newE2E(t, map[string]feedDoc{
		"/atom.xml": {"application/atom+xml", e2eAtom},
		"/gone":     {"text/html", "<html><body>not a feed</body></html>"},
		"/rss.xml":  {"application/rss+xml", e2eRSS},
	}, "Asia Desk", "Broken", "Mekong Wire")
	h := a.newHandler()
	before := scrape(t, h, "/metrics")
	for _, s := range []string{`tipwire_fetches_total{outcome="ok"}`, `tipwire_items_total{result="new"}`,
		`tipwire_items_total{result="matched"}`, `tipwire_alerts_total{result="sent"}`, `tipwire_alerts_total{result="failed"}`} {
		if v := metricValue(t, before, s); v != 0 {
			t.Errorf("before any pass %s = %v", s, v)
		}
	}
	if empty := scrape(t, h, "/feed.atom"); strings.Contains(empty, "<entry>") {
		t.Fatal("feed has entries before any pass")
	}

	if _, err := a.daemon.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := scrape(t, h, "/metrics")
	checks := []struct {
		series string
		want   func(float64) bool
	}{
		{`tipwire_fetches_total{outcome="ok"}`, func(v float64) bool { return v == 2 }},
		{`tipwire_fetches_total{outcome="html"}`, func(v float64) bool { return v == 1 }},
		{`tipwire_fetch_duration_seconds_count`, func(v float64) bool { return v == 3 }},
		{`tipwire_items_total{result="new"}`, func(v float64) bool { return v >= 4 }},
		{`tipwire_items_total{result="matched"}`, func(v float64) bool { return v >= 3 }},
		{`tipwire_database_size_bytes`, func(v float64) bool { return v > 0 }},
		{`tipwire_http_requests_total{code="200",route="GET /metrics"}`, func(v float64) bool { return v == 1 }},
		{`tipwire_http_requests_total{code="200",route="GET /feed.atom"}`, func(v float64) bool { return v == 1 }},
	}
	for _, c := range checks {
		if v := metricValue(t, after, c.series); !c.want(v) {
			t.Errorf("after a pass %s = %v", c.series, v)
		}
	}
	// The pass stored stories, so the cached feed was rendered again
	// without anyone calling Invalidate by hand.
	if feed := scrape(t, h, "/feed.atom"); !strings.Contains(feed, "Phnom Penh") {
		t.Error("the cached feed did not follow the pass")
	}
}

func TestBackupCommand(t *testing.T) {
	a, _, _ := newE2E(t, map[string]feedDoc{"/rss.xml": {"application/rss+xml", e2eRSS}}, "Mekong Wire")
	ctx := context.Background()
	if _, err := a.daemon.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	want, err := a.store.Items(ctx, tipwire.ItemQuery{})
	if err != nil || len(want) == 0 {
		t.Fatalf("nothing stored to back up: %v", err)
	}
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("db: "+a.cfg.DB+"\nseeds: false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "copy.db")
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, stopSignals: func() {}}
		code := e.main(ctx, append([]string{"--config", cfgPath, "backup"}, args...))
		return code, out.String() + errOut.String()
	}
	if code, out := run(dest); code != exitOK || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: exit %d: %s", code, out)
	}
	if code, out := run(dest); code != exitFail || !strings.Contains(out, "exists") {
		t.Errorf("backup over an existing file: exit %d: %s", code, out)
	}
	if code, _ := run(); code != exitConfig {
		t.Errorf("backup without FILE: exit %d, want %d", code, exitConfig)
	}

	copied, err := store.Open(ctx, dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	got, err := copied.Items(ctx, tipwire.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || got[0].Key != want[0].Key || len(got[0].Outlets) != len(want[0].Outlets) {
		t.Errorf("copy holds %d items, want %d like the original", len(got), len(want))
	}
}
