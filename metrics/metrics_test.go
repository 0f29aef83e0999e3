package metrics

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d", rec.Code)
	}
	return rec.Body.String()
}

func TestMetricsExposeWhatWasRecorded(t *testing.T) {
	m := New(func(context.Context) (int64, error) { return 123456, nil }, nil)
	m.FetchDone(OutcomeOK, 300*time.Millisecond)
	m.FetchDone("timeout", 30*time.Second)
	m.ItemsSaved(tipwire.SaveStats{New: 3, Duplicate: 2, Updated: 1, Matched: 2})
	m.ItemsSaved(tipwire.SaveStats{New: 1})
	m.AlertDone(nil)
	m.AlertDone(errors.New("webhook 500"))
	m.AlertDone(errors.New("smtp down"))
	m.ObserveRequest("GET /feed.atom", 200, time.Millisecond)
	m.ObserveRequest("GET /feed.atom", 304, time.Millisecond)
	m.ObserveRequest("GET /feed.atom", 200, time.Millisecond)
	body := scrape(t, m)
	for _, want := range []string{
		`tipwire_fetches_total{outcome="ok"} 1`,
		`tipwire_fetches_total{outcome="timeout"} 1`,
		`tipwire_fetches_total{outcome="not_modified"} 0`,
		`tipwire_fetch_duration_seconds_count 2`,
		`tipwire_fetch_duration_seconds_bucket{le="0.5"} 1`,
		`tipwire_items_total{result="new"} 4`,
		`tipwire_items_total{result="duplicate"} 2`,
		`tipwire_items_total{result="updated"} 1`,
		`tipwire_items_total{result="matched"} 2`,
		`tipwire_alerts_total{result="sent"} 1`,
		`tipwire_alerts_total{result="failed"} 2`,
		`tipwire_http_requests_total{code="200",route="GET /feed.atom"} 2`,
		`tipwire_http_requests_total{code="304",route="GET /feed.atom"} 1`,
		`tipwire_http_request_duration_seconds_count{route="GET /feed.atom"} 3`,
		`tipwire_database_size_bytes 123456`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
}

func TestSizeErrorLeavesGaugeOut(t *testing.T) {
	m := New(func(context.Context) (int64, error) { return 0, errors.New("database is locked") }, nil)
	if body := scrape(t, m); strings.Contains(body, "tipwire_database_size_bytes ") {
		t.Error("a failed size query still exported a value")
	}
	if body := scrape(t, New(nil, nil)); strings.Contains(body, "tipwire_database_size_bytes") {
		t.Error("no size func, yet a size gauge")
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New(nil, nil), New(nil, nil)
	a.FetchDone(OutcomeOK, time.Second)
	if body := scrape(t, b); !strings.Contains(body, `tipwire_fetches_total{outcome="ok"} 0`) {
		t.Error("one Metrics saw another's fetch: shared global state")
	}
}

type fakeQueue struct{}

func (fakeQueue) InFlight() int { return 2 }
func (fakeQueue) OldestPending(context.Context) (time.Duration, error) {
	return 90 * time.Second, nil
}

func TestWatchAlerts(t *testing.T) {
	m := New(nil, nil)
	m.WatchAlerts(fakeQueue{})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{"tipwire_alert_deliveries_in_flight 2", "tipwire_alert_oldest_pending_seconds 90"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
