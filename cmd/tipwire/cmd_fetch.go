package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/tipwire/tipwire/daemon"
)

func cmdFetch(ctx context.Context, e *env, cfg Config, _ *flag.FlagSet) int {
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		return fail(e, err)
	}
	defer a.close()
	reports, err := a.daemon.Pass(ctx)
	if err != nil {
		return fail(e, err)
	}
	for _, r := range reports {
		fmt.Fprintln(e.stdout, reportLine(r))
	}
	s := daemon.Summarize(reports)
	fmt.Fprintf(e.stdout, "%d sources: %d ok, %d not modified, %d failed; %d new items, %d duplicates, %d updated, %d matched\n",
		s.Sources, s.OK, s.NotModified, s.Failed, s.New, s.Duplicate, s.Updated, s.Matched)
	if ctx.Err() != nil {
		return exitFail
	}
	return exitOK
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
