package bench

import (
	"fmt"
	"io"
	"time"
)

// Print writes the results as the README's Benchmarks section shows them.
func Print(w io.Writer, spec Spec, r Results) {
	items := spec.Feeds * spec.Items
	passLine(w, "first pass", spec.Feeds, items, r.First)
	passLine(w, "304 pass", spec.Feeds, 0, r.Second)
	fmt.Fprintf(w, "peak RSS     %.1f MiB\n", float64(r.PeakRSS)/(1<<20))
	fmt.Fprintf(w, "items        %d stored, %d expected (%d lost); first pass: %d new, %d duplicate, %d matched\n",
		r.Stored, r.Expected, max(0, r.Expected-r.Stored), r.First.Summary.New, r.First.Summary.Duplicate,
		r.First.Summary.Matched)
	if r.Floor.Items == 0 {
		return
	}
	fmt.Fprintf(w, "floor        %7.3f s wall %7.3f s CPU  %8.0f items/s  (gofeed + one batched SQLite insert, %d rows)\n",
		r.Floor.Wall.Seconds(), r.Floor.CPU.Seconds(), perSecond(r.Floor.Items, r.Floor.Wall), r.Floor.Items)
	fmt.Fprintf(w, "ratio        first pass / floor = %.2f× wall, %.2f× CPU\n",
		r.First.Wall.Seconds()/r.Floor.Wall.Seconds(), r.First.CPU.Seconds()/r.Floor.CPU.Seconds())
	if r.Parse.Gofeed > 0 {
		fmt.Fprintf(w, "parse only   gofeed defaults %.3f s wall %.3f s CPU; tipwire fetcher (parse + normalise) %.3f s wall %.3f s CPU: %.2f× CPU\n",
			r.Parse.Gofeed.Seconds(), r.Parse.GofeedCPU.Seconds(), r.Parse.Fetcher.Seconds(), r.Parse.FetcherCPU.Seconds(),
			r.Parse.FetcherCPU.Seconds()/r.Parse.GofeedCPU.Seconds())
	}
}

func passLine(w io.Writer, name string, feeds, items int, p PassResult) {
	fmt.Fprintf(w, "%-12s %7.3f s wall %7.3f s CPU  %8.0f feeds/s", name, p.Wall.Seconds(), p.CPU.Seconds(),
		perSecond(feeds, p.Wall))
	if items > 0 {
		fmt.Fprintf(w, " %8.0f items/s", perSecond(items, p.Wall))
	}
	fmt.Fprintf(w, "  (%d ok, %d not modified, %d failed)\n", p.Summary.OK, p.Summary.NotModified, p.Summary.Failed)
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
