package daemon

import (
	"context"
	"fmt"
	"slices"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// ActiveSources picks the stored sources a pass fetches: those configured now
// (config.yaml and, with seeds on, the seed list) and every source added from
// the command line, except those removed with `tipwire sources remove`. A
// source removed from config.yaml stays stored, with its items, but is no
// longer polled. config.yaml has the last word: a source it lists is polled
// even if it was removed from the command line before.
func ActiveSources(stored, configured []tipwire.Source) []tipwire.Source {
	var out []tipwire.Source
	for _, s := range stored {
		if Polled(s, configured) {
			out = append(out, s)
		}
	}
	return out
}

// Polled reports whether the daemon fetches the stored source s, given the
// configured sources (see ActiveSources).
func Polled(s tipwire.Source, configured []tipwire.Source) bool {
	for _, c := range configured {
		if c.URL == s.URL {
			return s.Status != tipwire.StatusRemoved || c.Origin == tipwire.OriginConfig
		}
	}
	return s.Origin == tipwire.OriginCLI && s.Status != tipwire.StatusRemoved
}

// SourceStats lists the stored sources that are not removed, oldest first,
// with their counts and whether they are polled; it serves `tipwire sources
// list` and the /sources page.
func (d *Daemon) SourceStats(ctx context.Context) ([]tipwire.SourceStats, error) {
	all, err := d.store.SourceStats(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	var out []tipwire.SourceStats
	for _, s := range all {
		s.Polled = Polled(s.Source, d.opts.Configured)
		if s.Status != tipwire.StatusRemoved || s.Polled {
			out = append(out, s)
		}
	}
	return out, nil
}

// afterSuccess follows a permanent redirect and clears a gone status once a
// source answers again.
func (d *Daemon) afterSuccess(ctx context.Context, src tipwire.Source, res fetcher.Result) {
	if src.Status == tipwire.StatusGone {
		d.setStatus(ctx, src, tipwire.StatusActive)
	}
	if res.MovedTo == "" || res.MovedTo == src.URL {
		return
	}
	if src.Origin != tipwire.OriginCLI {
		// config.yaml and the seed list are re-asserted at every start: moving
		// the stored URL would only make the old one come back as a new source.
		d.log.Warn("feed moved permanently; update its URL in config.yaml", "feed_url", src.URL, "moved_to", res.MovedTo)
		return
	}
	moved, err := d.store.MoveSource(ctx, src.ID, res.MovedTo)
	switch {
	case err != nil:
		d.log.Error("cannot record the new URL of a moved feed", "feed_url", src.URL, "moved_to", res.MovedTo, "error", err)
	case moved:
		d.log.Info("feed moved permanently; URL updated", "feed_url", src.URL, "moved_to", res.MovedTo)
	default:
		d.log.Warn("feed moved permanently to a URL another source has; keeping the old URL", "feed_url", src.URL, "moved_to", res.MovedTo)
	}
}

func (d *Daemon) setStatus(ctx context.Context, src tipwire.Source, status string) {
	if err := d.store.SetSourceStatus(ctx, src.ID, status); err != nil {
		d.log.Error("cannot record source status", "feed_url", src.URL, "status", status, "error", err)
		return
	}
	d.log.Info("source status changed", "feed_url", src.URL, "status", StatusLabel(status))
}

// StatusLabel names a source status for people: "active" for the empty
// status.
func StatusLabel(status string) string {
	if status == tipwire.StatusActive {
		return "active"
	}
	return status
}

// Configured returns the sources from config.yaml and the seed list the
// daemon was built with.
func (d *Daemon) Configured() []tipwire.Source { return slices.Clone(d.opts.Configured) }
