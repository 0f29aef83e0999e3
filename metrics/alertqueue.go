package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// AlertQueue reports the alert outbox: deliveries being sent now, and the
// age of the oldest one not delivered yet (0 when none is pending).
type AlertQueue interface {
	InFlight() int
	OldestPending(ctx context.Context) (time.Duration, error)
}

// WatchAlerts adds tipwire_alert_deliveries_in_flight and
// tipwire_alert_oldest_pending_seconds, read from q on every scrape.
func (m *Metrics) WatchAlerts(q AlertQueue) {
	m.reg.MustRegister(&alertCollector{
		q: q, log: m.log,
		inFlight: prometheus.NewDesc("tipwire_alert_deliveries_in_flight",
			"Alert deliveries being sent by this process now.", nil, nil),
		oldest: prometheus.NewDesc("tipwire_alert_oldest_pending_seconds",
			"Age of the oldest alert delivery not delivered yet; 0 when none is pending.", nil, nil),
	})
}

// alertCollector reads the outbox at scrape time, like sizeCollector.
type alertCollector struct {
	q                AlertQueue
	log              *slog.Logger
	inFlight, oldest *prometheus.Desc
}

// Describe implements prometheus.Collector.
func (c *alertCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.inFlight
	ch <- c.oldest
}

// Collect implements prometheus.Collector.
func (c *alertCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(c.inFlight, prometheus.GaugeValue, float64(c.q.InFlight()))
	ctx, cancel := context.WithTimeout(context.Background(), sizeTimeout)
	defer cancel()
	age, err := c.q.OldestPending(ctx)
	if err != nil {
		c.log.Warn("metrics: oldest pending alert", "error", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age.Seconds())
}
