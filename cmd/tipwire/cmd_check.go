package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/filters"
)

// cmdCheck is the dry run: it reads one feed from a file or URL, classifies
// every item as the daemon would (tags, then topics) and prints, per item,
// its tags and, per topic, the verdict, the score and why. It stores nothing.
func cmdCheck(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "usage: tipwire check FILE|URL")
		return exitConfig
	}
	classes, _, err := newClassifier(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire check: %v\n", err)
		return exitConfig
	}
	res, err := readFeed(ctx, cfg, fs.Arg(0))
	if err != nil {
		return fail(e, err)
	}
	matched := 0
	for _, it := range res.Items {
		if it.Outlet == "" {
			it.Outlet = res.FeedTitle
		}
		tags, vs := classes.Evaluate(it)
		if printVerdicts(e.stdout, it, tags, vs) {
			matched++
		}
	}
	fmt.Fprintf(e.stdout, "%d items, %d matched a topic\n", len(res.Items), matched)
	return exitOK
}

// readFeed fetches a URL (http or https) or parses a file.
func readFeed(ctx context.Context, cfg Config, arg string) (fetcher.Result, error) {
	f := fetcher.New(fetcher.Options{
		Timeout:              time.Duration(cfg.Fetch.Timeout),
		MaxBody:              int64(cfg.Fetch.MaxBody),
		UserAgent:            userAgent(cfg),
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
	}, newLogger(io.Discard, cfg.Log))
	defer f.Close()
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		return f.Fetch(ctx, fetcher.Request{URL: arg})
	}
	file, err := os.Open(arg)
	if err != nil {
		return fetcher.Result{}, err
	}
	defer file.Close()
	return f.Parse(ctx, file, "", time.Now())
}

// printVerdicts writes one item's tags and verdicts and reports whether
// any topic matched.
func printVerdicts(w io.Writer, it tipwire.Item, tags []string, vs []filters.Verdict) bool {
	matched := false
	fmt.Fprintf(w, "%s\n", oneLine(it.Title, 100))
	if it.Link != "" {
		fmt.Fprintf(w, "  %s\n", it.Link)
	}
	if len(tags) > 0 {
		fmt.Fprintf(w, "  tags: %s\n", strings.Join(tags, " "))
	}
	for _, v := range vs {
		verdict := "no"
		if v.Matched {
			verdict, matched = "MATCH", true
		}
		fmt.Fprintf(w, "  %-5s %-16s %6.2f  %s\n", verdict, v.Topic, v.Score, v.Reason)
	}
	return matched
}

// oneLine shortens s to at most n runes on one line, for listings.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
