package publish

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
)

// MatchCounter gives the data of the per-topic chart; *store.Store
// satisfies it.
type MatchCounter interface {
	MatchesPerDay(ctx context.Context, since time.Time) ([]tipwire.DayCount, error)
}

// Chart geometry, in SVG user units; the stylesheet scales it to the page.
const (
	chartDays   = 90
	chartWidth  = 720
	chartHeight = 180
	chartPad    = 28 // room for the axis labels
	chartColors = 6  // series classes s0..s5 in style.css
)

// chartView is a server-rendered SVG line chart of matched stories per day
// of publication, one line per topic, over the last chartDays days (UTC).
type chartView struct {
	Width, Height  int
	Left, Right    int // x of the first and last day
	Top, Bottom    int // y of the maximum and of zero
	Max            int
	From, To       string // first and last day, for the axis
	Series         []seriesView
	Title, Summary string
}

type seriesView struct {
	Name, Title, Class, Points string
	Total                      int
}

// chart builds the chart of topic ("" for every configured topic).
func (h *handler) chart(ctx context.Context, topic string) (*chartView, error) {
	today := h.opts.Now().UTC().Truncate(24 * time.Hour)
	first := today.AddDate(0, 0, -(chartDays - 1))
	counts, err := h.opts.Counts.MatchesPerDay(ctx, first)
	if err != nil {
		return nil, fmt.Errorf("count matches per day: %w", err)
	}
	names := []string{topic}
	if topic == "" {
		names = nil
		for _, t := range h.opts.Topics {
			names = append(names, t.Name)
		}
	}
	return h.newChart(names, counts, first), nil
}

func (h *handler) newChart(names []string, counts []tipwire.DayCount, first time.Time) *chartView {
	c := &chartView{
		Width: chartWidth, Height: chartHeight, Left: chartPad, Right: chartWidth - chartPad/2,
		Top: chartPad / 2, Bottom: chartHeight - chartPad,
		From: first.Format("2 Jan"), To: first.AddDate(0, 0, chartDays-1).Format("2 Jan 2006"),
	}
	perTopic := make(map[string][]int, len(names))
	for _, n := range names {
		perTopic[n] = make([]int, chartDays)
	}
	for _, dc := range counts {
		day := int(dc.Day.Sub(first) / (24 * time.Hour))
		if days, ok := perTopic[dc.Topic]; ok && day >= 0 && day < chartDays {
			days[day] += dc.Count
			c.Max = max(c.Max, days[day])
		}
	}
	for i, n := range names {
		s := seriesView{Name: n, Title: h.topicTitle(n), Class: "s" + strconv.Itoa(i%chartColors)}
		s.Points, s.Total = c.points(perTopic[n])
		c.Series = append(c.Series, s)
	}
	c.Title = fmt.Sprintf("Matched stories by day of publication, %s to %s", c.From, c.To)
	// Per topic: a story in two topics counts in each, so no grand total.
	var totals []string
	for _, s := range c.Series {
		totals = append(totals, fmt.Sprintf("%s: %d", s.Title, s.Total))
	}
	c.Summary = fmt.Sprintf("Matched stories published in the last %d days: %s; at most %d on one day.",
		chartDays, strings.Join(totals, ", "), c.Max)
	return c
}

// points lays out one series as an SVG polyline's points and sums it.
func (c *chartView) points(days []int) (string, int) {
	var b strings.Builder
	total, top := 0, max(c.Max, 1)
	for i, n := range days {
		total += n
		x := c.Left + i*(c.Right-c.Left)/(chartDays-1)
		y := c.Bottom - n*(c.Bottom-c.Top)/top
		fmt.Fprintf(&b, "%d,%d ", x, y)
	}
	return strings.TrimSpace(b.String()), total
}
