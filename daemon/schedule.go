package daemon

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// cronParser accepts standard five-field specs and descriptors such as
// "@every 15m" and "@hourly", which is what config.yaml documents.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ValidateSchedule reports whether spec is a schedule Run accepts.
func ValidateSchedule(spec string) error {
	_, err := parseSchedule(spec)
	return err
}

// parseSchedule parses spec, refusing an "@every" that is not positive: cron
// silently turns it into one second, which would hammer every publisher.
func parseSchedule(spec string) (cron.Schedule, error) {
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		if d, err := time.ParseDuration(strings.TrimSpace(rest)); err == nil && d <= 0 {
			return nil, fmt.Errorf("bad cron spec %q: the interval must be positive", spec)
		}
	}
	sched, err := cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("bad cron spec %q: %w", spec, err)
	}
	return sched, nil
}

// Run runs a due pass (DuePass) at once, then on every tick of spec, until
// ctx is done; it then waits for a running pass to finish (its fetches see
// ctx cancelled). The ticks only wake the dispatcher: each source is fetched
// when its own next check time has come, so spec should tick more often than
// the minimum interval. A tick that comes while a pass is still running is
// skipped, and a panic in a pass is logged without stopping later ticks.
func (d *Daemon) Run(ctx context.Context, spec string, passTimeout time.Duration) error {
	sched, err := parseSchedule(spec)
	if err != nil {
		return err
	}
	cl := cronLogger{d.log}
	job := guard(cl, func() { d.timedPass(ctx, passTimeout) })
	c := cron.New(cron.WithParser(cronParser), cron.WithLogger(cl))
	c.Schedule(sched, job)
	c.Start()
	first := make(chan struct{})
	go func() { // the first pass should not wait for the first tick
		defer close(first)
		job.Run()
	}()
	<-ctx.Done()
	<-c.Stop().Done()
	<-first // it runs outside cron: wait for it too
	return nil
}

// guard wraps a scheduled job so that a tick arriving while it still runs is
// skipped and a panic is logged instead of ending the process.
// SkipIfStillRunning must be outside Recover: the other way round, a panic
// skips SkipIfStillRunning's release and the job never runs again
// (robfig/cron v3.0.1, issue #366).
func guard(l cron.Logger, f func()) cron.Job {
	return cron.NewChain(cron.SkipIfStillRunning(l), cron.Recover(l)).Then(cron.FuncJob(f))
}

// AfterPass runs the Options.AfterPass hook, if any: what follows a
// scheduled pass (retention, alerts), for a pass run on demand too.
func (d *Daemon) AfterPass(ctx context.Context) {
	if d.opts.AfterPass != nil {
		d.opts.AfterPass(ctx)
	}
}

// timedPass runs one pass bounded by timeout and logs a summary.
func (d *Daemon) timedPass(ctx context.Context, timeout time.Duration) {
	if ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	reports, err := d.DuePass(ctx)
	d.AfterPass(ctx)
	if err != nil {
		d.log.Error("fetch pass failed", "error", err)
		return
	}
	s := Summarize(reports)
	level := slog.LevelInfo
	if s.Sources == 0 {
		level = slog.LevelDebug // most ticks find nothing due
	}
	d.log.Log(ctx, level, "fetch pass done", "sources", s.Sources, "ok", s.OK, "not_modified", s.NotModified,
		"failed", s.Failed, "new", s.New, "matched", s.Matched, "duration", time.Since(start).Round(time.Millisecond))
	if n, cats := failureCategories(reports); n > 0 {
		// One line a pass, not one per source: with dozens of dead feeds
		// the per-source detail (at debug) would drown everything else.
		d.log.Warn("sources failed; see tipwire sources list or /sources", "failed", n,
			"of", s.Sources, "categories", cats)
	}
}

// failureCategories counts a pass's failures by error category, most
// frequent first ("dns=12 http_status=9 timeout=2"). Fetches cancelled by
// a shutdown are not the sources' failures and are left out.
func failureCategories(reports []Report) (int, string) {
	counts, n := map[string]int{}, 0
	for _, r := range reports {
		if r.Err != nil && r.Category != categoryCancelled {
			counts[cmp.Or(r.Category, "unknown")]++
			n++
		}
	}
	cats := slices.Collect(maps.Keys(counts))
	slices.SortFunc(cats, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(cats))
	for i, c := range cats {
		parts[i] = fmt.Sprintf("%s=%d", c, counts[c])
	}
	return n, strings.Join(parts, " ")
}

// Summary adds up the reports of one pass.
type Summary struct {
	Sources, OK, NotModified, Failed         int
	New, Merged, Duplicate, Updated, Matched int
}

// Summarize adds up the reports of one pass.
func Summarize(reports []Report) Summary {
	s := Summary{Sources: len(reports)}
	for _, r := range reports {
		switch {
		case r.Err != nil:
			s.Failed++
		case r.NotModified:
			s.NotModified++
		default:
			s.OK++
		}
		s.New += r.Stats.New
		s.Merged += r.Stats.Merged
		s.Duplicate += r.Stats.Duplicate
		s.Updated += r.Stats.Updated
		s.Matched += r.Stats.Matched
	}
	return s
}

// cronLogger adapts slog to cron's logger interface.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "error", err)...)
}
