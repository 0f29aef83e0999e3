package main

import (
	"context"
	"flag"
	"fmt"
	"slices"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/publish"
)

func exportFlags(fs *flag.FlagSet) {
	fs.String("topic", "", "only this topic (default: all topics)")
	fs.String("format", "atom", "atom, rss or json")
	fs.Int("limit", 0, "at most `N` entries, N ≥ 1 (default: publish.limit)")
}

func cmdExport(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	topic := fs.Lookup("topic").Value.String()
	format := fs.Lookup("format").Value.String()
	limit := fs.Lookup("limit").Value.(flag.Getter).Get().(int)
	if !slices.Contains([]string{"atom", "rss", "json"}, format) {
		fmt.Fprintf(e.stderr, "tipwire export: --format must be atom, rss or json, got %q\n", format)
		return exitConfig
	}
	if topic != "" && !slices.ContainsFunc(cfg.Topics, func(t TopicConfig) bool { return t.Name == topic }) {
		fmt.Fprintf(e.stderr, "tipwire export: --topic %q is not a configured topic\n", topic)
		return exitConfig
	}
	if flagSet(fs, "limit") && limit < 1 {
		fmt.Fprintf(e.stderr, "tipwire export: --limit must be at least 1, got %d (leave it out for publish.limit, %d)\n",
			limit, cfg.Publish.Limit)
		return exitConfig
	}
	if limit == 0 {
		limit = cfg.Publish.Limit
	}
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		return fail(e, err)
	}
	defer a.close()
	items, err := a.store.Items(ctx, tipwire.ItemQuery{Topic: topic, Limit: limit})
	if err != nil {
		return fail(e, err)
	}
	meta := publish.FeedMetaFor(a.publishOptions(), topic, format)
	if err := publish.Render(e.stdout, format, meta, items); err != nil {
		return fail(e, fmt.Errorf("render %s feed: %w", format, err))
	}
	return exitOK
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
