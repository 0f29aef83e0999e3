// Package metrics exposes tipwire's Prometheus metrics: fetches by outcome
// and their latency, items stored (new, duplicate, updated, matched), alerts
// sent and failed, the alert outbox (deliveries in flight, oldest pending),
// HTTP requests by route and status code, and the database size, plus the
// Go runtime and process collectors.
//
// It is the only package that imports github.com/prometheus/client_golang.
// The daemon and the publisher report through their own small interfaces
// (daemon.Observer, publish.RequestObserver), which *Metrics satisfies, so
// neither depends on Prometheus. Every Metrics has its own registry: there is
// no global state, and tests can build as many as they like.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tipwire/tipwire"
)

// sizeTimeout bounds the database size query made on each scrape.
const sizeTimeout = 2 * time.Second

// Fetch outcomes besides the fetcher's error categories.
const (
	OutcomeOK          = "ok"           // a 200 with a feed that was parsed
	OutcomeNotModified = "not_modified" // a 304: nothing new
)

// SizeFunc reports the database size in bytes; (*store.Store).Size fits.
type SizeFunc func(ctx context.Context) (int64, error)

// Metrics holds tipwire's collectors and the registry they live in. Its
// methods are safe for concurrent use.
type Metrics struct {
	reg          *prometheus.Registry
	fetches      *prometheus.CounterVec
	fetchSeconds prometheus.Histogram
	items        *prometheus.CounterVec
	alerts       *prometheus.CounterVec
	requests     *prometheus.CounterVec
	reqSeconds   *prometheus.HistogramVec
	log          *slog.Logger
}

// New registers tipwire's metrics in a new registry. size, when not nil, is
// called on every scrape for tipwire_database_size_bytes; its errors are
// logged on logger (nil discards) and the gauge is left out of that scrape.
func New(size SizeFunc, logger *slog.Logger) *Metrics {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{reg: prometheus.NewRegistry(), log: logger}
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tipwire_fetches_total",
		Help: "Feed fetches by outcome: ok, not_modified, or the error category.",
	}, []string{"outcome"})
	m.fetchSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "tipwire_fetch_duration_seconds",
		Help:    "Time to fetch and parse one feed, whatever the outcome.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
	})
	m.items = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tipwire_items_total",
		Help: "Items stored, by result: new, merged (a new copy that joined a stored story), duplicate, updated, matched (new items that matched a topic).",
	}, []string{"result"})
	m.alerts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tipwire_alerts_total",
		Help: "Alerts delivered, by result: sent or failed.",
	}, []string{"result"})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tipwire_http_requests_total",
		Help: "HTTP requests by route pattern and status code.",
	}, []string{"route", "code"})
	m.reqSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "tipwire_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
	}, []string{"route"})
	m.reg.MustRegister(m.fetches, m.fetchSeconds, m.items, m.alerts, m.requests, m.reqSeconds,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if size != nil {
		m.reg.MustRegister(newSizeCollector(size, logger))
	}
	m.zero()
	return m
}

// zero creates the series that must read 0 before anything happened, so
// dashboards and alerts see them from the first scrape.
func (m *Metrics) zero() {
	for _, o := range []string{OutcomeOK, OutcomeNotModified} {
		m.fetches.WithLabelValues(o)
	}
	for _, r := range []string{"new", "duplicate", "updated", "matched"} {
		m.items.WithLabelValues(r)
	}
	m.alerts.WithLabelValues("sent")
	m.alerts.WithLabelValues("failed")
}

// Handler serves the metrics in the Prometheus text (or negotiated) format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{m.log}})
}

// Registry returns the registry, for tests and for adding collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// FetchDone records one fetch: its outcome (OutcomeOK, OutcomeNotModified or
// an error category) and how long it took.
func (m *Metrics) FetchDone(outcome string, d time.Duration) {
	m.fetches.WithLabelValues(outcome).Inc()
	m.fetchSeconds.Observe(d.Seconds())
}

// ItemsSaved adds what storing one batch of items did.
func (m *Metrics) ItemsSaved(s tipwire.SaveStats) {
	m.items.WithLabelValues("new").Add(float64(s.New))
	m.items.WithLabelValues("merged").Add(float64(s.Merged))
	m.items.WithLabelValues("duplicate").Add(float64(s.Duplicate))
	m.items.WithLabelValues("updated").Add(float64(s.Updated))
	m.items.WithLabelValues("matched").Add(float64(s.Matched))
}

// AlertDone records one alert delivery; err nil means it was sent.
func (m *Metrics) AlertDone(err error) {
	if err != nil {
		m.alerts.WithLabelValues("failed").Inc()
		return
	}
	m.alerts.WithLabelValues("sent").Inc()
}

// ObserveRequest records one HTTP request by its route pattern (bounded, not
// the raw path) and status code.
func (m *Metrics) ObserveRequest(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.reqSeconds.WithLabelValues(route).Observe(d.Seconds())
}

// slogPrinter adapts slog to promhttp's error logger.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.l.Error("metrics: scrape failed", "error", v) }
