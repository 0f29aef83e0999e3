package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/opml"
	"github.com/tipwire/tipwire/store"
)

const sourcesUsage = `usage: tipwire sources list [--json] [--wide]
       tipwire sources add [--name NAME] [--no-check] URL
       tipwire sources remove URL|ID
       tipwire sources import FILE.opml
       tipwire sources export`

// sourcesHelp is the help of `tipwire sources`.
const sourcesHelp = `Manages the polled sources. Those in config.yaml (and the seed list) are
re-read at every start; these commands manage the others.

  list [--json] [--wide]   one row per source, failing ones first: status (ok,
                           new, failing with the error category, gone,
                           inactive), last success, items stored and matched;
                           --wide adds the URL and the last error, --json
                           prints every field
  add [--name NAME] [--no-check] URL
                           add a feed, or a page that links to its feed; it
                           is fetched first to check it, unless --no-check
  remove URL|ID            stop polling a source added here (items are kept)
  import FILE.opml         add every feed of an OPML file
  export                   the polled sources as OPML 2.0 on stdout`

// cmdSources manages the sources kept in the database. Sources from
// config.yaml are re-asserted at every start; these commands manage the
// others (origin "cli"). A subcommand's flags and arguments are checked
// before the database is opened, so help and usage mistakes touch nothing.
func cmdSources(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	args := fs.Args()
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, sourcesUsage)
		return exitConfig
	}
	sub, ok := sourcesSubcommands()[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "tipwire sources: unknown subcommand %q\n%s\n", args[0], sourcesUsage)
		return exitConfig
	}
	subFlags := flag.NewFlagSet("tipwire sources "+args[0], flag.ContinueOnError)
	subFlags.SetOutput(e.stderr)
	subFlags.Usage = func() {}
	if sub.flags != nil {
		sub.flags(subFlags)
	}
	if code, done := parseSubFlags(e, subFlags, args[1:]); done {
		return code
	}
	if subFlags.NArg() != sub.nargs {
		return usageError(e, "%s takes %s", args[0], sub.argsText)
	}
	a, err := openApp(ctx, e, cfg)
	if err != nil {
		return fail(e, err)
	}
	defer a.close()
	return sub.run(ctx, e, a, subFlags)
}

// subcommand is one of `tipwire sources`.
type subcommand struct {
	flags    func(fs *flag.FlagSet)
	nargs    int    // positional arguments it takes
	argsText string // what they are, for the usage error
	run      func(ctx context.Context, e *env, a *app, fs *flag.FlagSet) int
}

func sourcesSubcommands() map[string]subcommand {
	return map[string]subcommand{
		"list":   {flags: listFlags, argsText: "no arguments", run: sourcesList},
		"add":    {flags: addFlags, nargs: 1, argsText: "one URL", run: sourcesAdd},
		"remove": {nargs: 1, argsText: "one URL or id", run: sourcesRemove},
		"import": {nargs: 1, argsText: "one OPML file", run: sourcesImport},
		"export": {argsText: "no arguments", run: sourcesExport},
	}
}

// usageError prints a usage problem of a subcommand.
func usageError(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "tipwire sources: "+format+"\n%s\n", append(args, sourcesUsage)...)
	return exitConfig
}

func sourcesList(ctx context.Context, e *env, a *app, fs *flag.FlagSet) int {
	stats, err := a.daemon.SourceStats(ctx)
	if err != nil {
		return fail(e, err)
	}
	if getFlag[bool](fs, "json") {
		err = writeSourceJSON(e.stdout, stats)
	} else {
		err = writeSourceTable(e.stdout, stats, time.Now(), getFlag[bool](fs, "wide"))
	}
	if err != nil {
		return fail(e, err)
	}
	return exitOK
}

// parseSubFlags parses a subcommand's flags; done says the command ends
// here with code: -h prints the help to stdout, a bad flag the usage.
func parseSubFlags(e *env, fs *flag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c, _ := lookupCommand("sources")
		writeCommandHelp(e.stdout, c)
		return exitOK, true
	case err != nil:
		return usageError(e, "%v", err), true
	}
	return 0, false
}

func addFlags(fs *flag.FlagSet) {
	fs.String("name", "", "outlet name (default: the feed's title)")
	fs.Bool("no-check", false, "add the URL as given, without fetching it (for a feed that is down now)")
}

func sourcesAdd(ctx context.Context, e *env, a *app, fs *flag.FlagSet) int {
	raw := fs.Arg(0)
	if err := validateHTTPURL(raw); err != nil {
		return usageError(e, "add %q: %v", raw, err)
	}
	feedURL, title := raw, ""
	if !getFlag[bool](fs, "no-check") {
		var err error
		if feedURL, title, err = findFeed(ctx, a.fetch, raw); err != nil {
			return fail(e, fmt.Errorf("add %s: %w%s", raw, err, noCheckHint(err)))
		}
	}
	return adoptSource(ctx, e, a, tipwire.Source{URL: feedURL, Name: getFlag[string](fs, "name")}, title)
}

// noCheckHint suggests --no-check for a feed that may come back, not for
// one the SSRF guard will keep refusing.
func noCheckHint(err error) string {
	if fetcher.CategoryOf(err) == fetcher.CategoryBlocked {
		return ""
	}
	return " (use --no-check to add it anyway)"
}

// findFeed checks that raw is a feed, or an HTML page announcing one, and
// returns the feed's URL (after a permanent redirect) and title.
func findFeed(ctx context.Context, f *fetcher.Fetcher, raw string) (string, string, error) {
	res, err := f.Fetch(ctx, fetcher.Request{URL: raw})
	if err == nil {
		return cmpOr(res.MovedTo, raw), res.FeedTitle, nil
	}
	if fetcher.CategoryOf(err) != fetcher.CategoryHTML {
		return "", "", err
	}
	links, derr := f.Discover(ctx, raw)
	if derr != nil {
		return "", "", derr
	}
	var errs []error
	for _, link := range links {
		res, err := f.Fetch(ctx, fetcher.Request{URL: link})
		if err == nil {
			return cmpOr(res.MovedTo, link), res.FeedTitle, nil
		}
		errs = append(errs, err)
	}
	if len(links) == 0 {
		return "", "", errors.New("an HTML page that links to no feed (<link rel=\"alternate\">)")
	}
	return "", "", fmt.Errorf("no working feed among the page's links: %w", errors.Join(errs...))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// adoptSource stores src as a command-line source unless it is already
// polled, and says what happened.
func adoptSource(ctx context.Context, e *env, a *app, src tipwire.Source, title string) int {
	existing, err := a.store.SourceByURL(ctx, src.URL)
	switch {
	case err == nil && daemon.Polled(existing, a.daemon.Configured()):
		fmt.Fprintf(e.stdout, "already polled: %d %s (origin %s)\n", existing.ID, existing.URL, existing.Origin)
		return exitOK
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return fail(e, err)
	}
	stored, err := a.store.AddSource(ctx, src)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "added %d %s%s\n", stored.ID, stored.URL, titled(cmpOr(stored.Name, title)))
	return exitOK
}

func titled(t string) string {
	if t == "" {
		return ""
	}
	return " (" + t + ")"
}

func sourcesRemove(ctx context.Context, e *env, a *app, fs *flag.FlagSet) int {
	args := fs.Args()
	src, err := findSource(ctx, a.store, args[0])
	if err != nil {
		return fail(e, err)
	}
	for _, c := range a.daemon.Configured() {
		if c.URL == src.URL && c.Origin == tipwire.OriginConfig {
			return fail(e, fmt.Errorf("%s is listed in config.yaml: remove it there (its items are kept)", src.URL))
		}
	}
	if src.Status == tipwire.StatusRemoved {
		fmt.Fprintf(e.stdout, "already removed: %d %s\n", src.ID, src.URL)
		return exitOK
	}
	if err := a.store.SetSourceStatus(ctx, src.ID, tipwire.StatusRemoved); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "removed %d %s (no longer polled; its items are kept)\n", src.ID, src.URL)
	return exitOK
}

// findSource looks a source up by id (all digits) or URL.
func findSource(ctx context.Context, st *store.Store, ref string) (tipwire.Source, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return st.SourceByID(ctx, id)
	}
	return st.SourceByURL(ctx, ref)
}

func sourcesImport(ctx context.Context, e *env, a *app, fs *flag.FlagSet) int {
	args := fs.Args()
	f, err := os.Open(args[0])
	if err != nil {
		return fail(e, err)
	}
	defer f.Close()
	outlines, err := opml.Parse(f)
	if err != nil {
		return fail(e, fmt.Errorf("import %s: %w", args[0], err))
	}
	var added, present, invalid int
	for _, o := range outlines {
		if err := validateHTTPURL(o.XMLURL); err != nil {
			fmt.Fprintf(e.stderr, "skipped %q: %v\n", o.XMLURL, err)
			invalid++
			continue
		}
		if existing, err := a.store.SourceByURL(ctx, o.XMLURL); err == nil && daemon.Polled(existing, a.daemon.Configured()) {
			present++
			continue
		}
		if _, err := a.store.AddSource(ctx, tipwire.Source{URL: o.XMLURL, Name: o.Title}); err != nil {
			return fail(e, err)
		}
		added++
	}
	fmt.Fprintf(e.stdout, "imported %d sources from %s: %d added, %d already polled, %d invalid\n",
		len(outlines), args[0], added, present, invalid)
	return exitOK
}

func sourcesExport(ctx context.Context, e *env, a *app, _ *flag.FlagSet) int {
	stats, err := a.daemon.SourceStats(ctx)
	if err != nil {
		return fail(e, err)
	}
	if err := opml.Write(e.stdout, "tipwire sources", time.Now(), polledOutlines(stats)); err != nil {
		return fail(e, err)
	}
	return exitOK
}

// polledOutlines lists the polled sources as OPML feeds, each in a category
// named after its origin.
func polledOutlines(stats []tipwire.SourceStats) []opml.Outline {
	var out []opml.Outline
	for _, s := range stats {
		if s.Polled {
			out = append(out, opml.Outline{Title: s.Name, XMLURL: s.URL, Category: s.Origin})
		}
	}
	return out
}
