package main

import (
	"context"
	"flag"
)

// command is one subcommand: its flags are parsed into fs before run.
type command struct {
	name    string
	args    string // the synopsis after the name, for help
	summary string // one line in the command list
	help    string // what `tipwire help NAME` says after the synopsis
	// daemon commands log at info by default; the others at warn, so a
	// one-shot command prints its own output and nothing else.
	daemon bool
	run    func(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int
	flags  func(fs *flag.FlagSet)
}

// logLevel is the level used when the config sets no log.level.
func (c command) logLevel() string {
	if c.daemon {
		return "info"
	}
	return "warn"
}

func commands() []command {
	return []command{
		{name: "run", summary: "fetch on schedule and serve the feeds (Ctrl-C stops cleanly)", daemon: true, run: cmdRun,
			help: `Fetches each source when it is due (the schedule key wakes the dispatcher) and
serves the feeds, the web console, /healthz and /metrics on the listen address.
SIGINT or SIGTERM stops accepting requests, cancels fetches, closes the
database and exits 0; a second signal exits at once.`},
		{name: "fetch", args: "[--due]", summary: "fetch every source once, then exit", run: cmdFetch, flags: fetchFlags,
			help: `Fetches every active source now (conditional GET) and prints one line per
source, or a progress bar on a terminal, then a summary. It ends as a pass of
run does: retention, alerts queued and due ones delivered, hubs pinged.`},
		{name: "serve", summary: "serve the feeds and console only; no fetching", daemon: true, run: cmdServe,
			help: `Serves what is stored, as run does, without fetching: pair it with
"tipwire fetch" from cron, or use it to look at a copied database.`},
		{name: "export", args: "[--topic T] [--format atom|rss|json] [--limit N]",
			summary: "write the curated feed to stdout", run: cmdExport, flags: exportFlags,
			help: `Writes the curated feed (every topic, or one) to stdout, as the server
would serve it.`},
		{name: "sources", args: "list|add|remove|import|export ...", summary: "list and manage the polled sources",
			run: cmdSources, help: sourcesHelp},
		{name: "check", args: "FILE|URL", summary: "dry run: each item's verdict, score and why", run: cmdCheck,
			help: `Reads one feed from a file or URL and prints, per item and topic, the
verdict, the score and the reasons. Stores nothing.`},
		{name: "eval", args: "--labels FILE.jsonl", summary: "precision, recall and F1 of the topics", run: cmdEval, flags: evalFlags,
			help: `Matches labelled items (JSON Lines: id, title, summary, link, label
"relevant" or "irrelevant") with the configured topics and prints precision,
recall and F1 per topic.`},
		{name: "rematch", summary: "re-tag and re-match every stored item", run: cmdRematch,
			help: `Re-tags every stored item and re-matches it with the configured topics. Any
command does this by itself when the topics or the tagger changed.`},
		{name: "backup", args: "FILE", summary: "write a consistent copy of the database", run: cmdBackup,
			help: `Writes a consistent copy of the SQLite database to FILE (which must not
exist), safe while run is writing. To restore: stop tipwire, replace the
database file with the copy, delete its -wal and -shm files, start again.`},
		{name: "healthcheck", summary: "exit 0 when the running server answers /healthz", run: cmdHealthcheck,
			help: `Asks the server on the listen address for /healthz and exits 0 when it
answers 200, else 1. The Docker image's HEALTHCHECK uses it.`},
		{name: "bench", args: "[flags]", summary: "measure the fetch pipeline on synthetic feeds", run: cmdBench, flags: benchFlags,
			help: `Serves a farm of synthetic feeds on loopback and times two passes over it
(the first stores everything, the second is all 304s) in a temporary
database.`},
	}
}

// lookupCommand finds a command by name.
func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}
