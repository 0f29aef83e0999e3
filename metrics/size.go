package metrics

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
)

// sizeCollector asks the database for its size on every scrape, so the
// gauge is never stale and nothing polls between scrapes.
type sizeCollector struct {
	size SizeFunc
	desc *prometheus.Desc
	log  *slog.Logger
}

func newSizeCollector(size SizeFunc, logger *slog.Logger) *sizeCollector {
	return &sizeCollector{
		size: size,
		log:  logger,
		desc: prometheus.NewDesc("tipwire_database_size_bytes", "Size of the SQLite database file in bytes.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *sizeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *sizeCollector) Collect(ch chan<- prometheus.Metric) {
	// Collect gets no context from the scrape; a timeout keeps a stuck
	// database from hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), sizeTimeout)
	defer cancel()
	n, err := c.size(ctx)
	if err != nil {
		c.log.Warn("metrics: database size", "error", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n))
}
