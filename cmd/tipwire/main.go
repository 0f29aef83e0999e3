// Command tipwire watches news feeds for human-trafficking stories and
// republishes a curated, de-duplicated selection as Atom, RSS and JSON feeds.
//
// Usage:
//
//	tipwire [--config FILE] COMMAND [flags]
//
// Commands: run, fetch, serve, export, sources, check, eval, rematch, backup,
// bench, healthcheck. See the README for each.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
const (
	exitOK     = 0
	exitFail   = 1
	exitConfig = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	env := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, stopSignals: stop}
	os.Exit(env.main(ctx, os.Args[1:]))
}

// env is what a command may touch of the process, injectable for tests.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// stopSignals restores default signal handling, so a second Ctrl-C
	// during a slow shutdown ends the process at once.
	stopSignals func()
}

// command is one subcommand: its flags are parsed into opts before run.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int
	flags   func(fs *flag.FlagSet)
}

func commands() []command {
	return []command{
		{name: "run", summary: "scheduled fetching plus the HTTP server (Ctrl-C stops cleanly)", run: cmdRun},
		{name: "fetch", summary: "fetch every source once (progress bar on a terminal), exit", run: cmdFetch, flags: fetchFlags},
		{name: "serve", summary: "HTTP server only", run: cmdServe},
		{name: "export", summary: "write the curated feed to stdout", run: cmdExport, flags: exportFlags},
		{name: "sources", summary: "list|add URL|remove URL|ID|import FILE.opml|export: manage sources", run: cmdSources},
		{name: "healthcheck", summary: "exit 0 when the running server's /healthz answers 200", run: cmdHealthcheck},
		{name: "backup", summary: "FILE: write a consistent copy of the database (VACUUM INTO)", run: cmdBackup},
		{name: "check", summary: "dry run on FILE|URL: per item, verdict, score and why; stores nothing", run: cmdCheck},
		{name: "eval", summary: "precision, recall and F1 of the topics on --labels FILE.jsonl", run: cmdEval, flags: evalFlags},
		{name: "rematch", summary: "re-tag every stored item and re-match it with the configured topics", run: cmdRematch},
		{name: "bench", summary: "measure the fetch pipeline on synthetic feeds", run: cmdBench, flags: benchFlags},
	}
}

func (e *env) main(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("tipwire", flag.ContinueOnError)
	global.SetOutput(e.stderr)
	configPath := global.String("config", "", "config file (default $TIPWIRE_CONFIG, else ./config.yaml, else the built-in default)")
	global.Usage = func() { e.usage(global) }
	if err := global.Parse(args); err != nil {
		return exitConfig
	}
	if global.NArg() == 0 {
		e.usage(global)
		return exitConfig
	}
	name := global.Arg(0)
	for _, c := range commands() {
		if c.name == name {
			return e.runCommand(ctx, c, *configPath, global.Args()[1:])
		}
	}
	fmt.Fprintf(e.stderr, "tipwire: unknown command %q\n", name)
	e.usage(global)
	return exitConfig
}

func (e *env) runCommand(ctx context.Context, c command, configPath string, args []string) int {
	fs := flag.NewFlagSet("tipwire "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&configPath, "config", configPath, "config file")
	if c.flags != nil {
		c.flags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitConfig
	}
	cfg, _, err := loadConfig(configPath, e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire: config: %v\n", err)
		return exitConfig
	}
	return c.run(ctx, e, cfg, fs)
}

func (e *env) usage(fs *flag.FlagSet) {
	fmt.Fprintln(e.stderr, "usage: tipwire [--config FILE] COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(e.stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(e.stderr, "\nflags:")
	fs.PrintDefaults()
}
