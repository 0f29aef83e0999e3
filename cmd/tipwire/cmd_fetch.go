package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/daemon"
)

func fetchFlags(fs *flag.FlagSet) {
	fs.Bool("due", false, "fetch only the sources whose next check time has come, as the daemon does")
}

// cmdFetch fetches every active source now (or, with --due, the due ones),
// showing a progress bar on a terminal and one line per source otherwise.
// It ends as the daemon's passes do (retention, alerts queued and what is
// due delivered, hubs pinged), so `tipwire fetch` from cron keeps a
// database and its subscribers as `tipwire run` would.
func cmdFetch(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	due := fs.Lookup("due") != nil && fs.Lookup("due").Value.String() == "true"
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		return fail(e, err)
	}
	defer a.close()
	p := newFetchProgress(e.stdout)
	reports, err := a.daemon.PassWith(ctx, daemon.PassOptions{DueOnly: due, OnStart: p.start, OnReport: p.report})
	if err != nil {
		return fail(e, err)
	}
	p.finish(reports)
	a.daemon.AfterPass(ctx)
	a.flushAlerts(ctx)
	s := daemon.Summarize(reports)
	fmt.Fprintf(e.stdout, "%d sources: %d ok, %d not modified, %d failed; %d new stories, %d joined a story, %d duplicates, %d updated, %d matched\n",
		s.Sources, s.OK, s.NotModified, s.Failed, s.New, s.Merged, s.Duplicate, s.Updated, s.Matched)
	if ctx.Err() != nil {
		return exitFail
	}
	return exitOK
}

// fetchProgress shows a pass's progress: a bar on a terminal (sources done
// of total, new items, errors), else a line per source as it finishes. Its
// methods are called one at a time (daemon.PassOptions guarantees it).
type fetchProgress struct {
	w           io.Writer
	bar         *progressbar.ProgressBar // nil when w is not a terminal
	interactive bool
	newItems    int
	errors      int
}

func newFetchProgress(w io.Writer) *fetchProgress {
	f, ok := w.(*os.File)
	return &fetchProgress{w: w, interactive: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *fetchProgress) start(total int) {
	if !p.interactive {
		return
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("fetching"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

func (p *fetchProgress) report(_ int, r daemon.Report) {
	p.newItems += r.Stats.New
	if r.Err != nil {
		p.errors++
	}
	if p.bar == nil {
		fmt.Fprintln(p.w, reportLine(r))
		return
	}
	p.bar.Describe(fmt.Sprintf("fetching: %d new items, %d errors", p.newItems, p.errors))
	_ = p.bar.Add(1) // only a terminal write error; the summary follows anyway
}

// finish closes the bar and lists the failures, which the bar hid.
func (p *fetchProgress) finish(reports []daemon.Report) {
	if p.bar == nil {
		return
	}
	_ = p.bar.Finish()
	for _, r := range reports {
		if r.Err != nil {
			fmt.Fprintln(p.w, reportLine(r))
		}
	}
}

// reportLine is one source's outcome: status, counts, URL, and the error.
func reportLine(r daemon.Report) string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("FAIL %-12s %s: %v", r.Category, r.Source.URL, r.Err)
	case r.NotModified:
		return fmt.Sprintf("304  %-12s %s", "not-modified", r.Source.URL)
	default:
		return fmt.Sprintf("OK   %3d new %3d dup %3d upd %3d matched  %s",
			r.Stats.New, r.Stats.Duplicate, r.Stats.Updated, r.Stats.Matched, r.Source.URL)
	}
}

// daemonOptions configures the daemon from fetch.* and the configured sources.
func daemonOptions(cfg Config, configured []tipwire.Source) daemon.Options {
	return daemon.Options{
		Workers:     cfg.Fetch.Workers,
		PerHost:     cfg.Fetch.PerHost,
		Configured:  configured,
		Interval:    time.Duration(cfg.Fetch.Interval),
		MinInterval: time.Duration(cfg.Fetch.MinInterval),
		MaxInterval: time.Duration(cfg.Fetch.MaxInterval),
	}
}
