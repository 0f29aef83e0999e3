// Command tipwire watches news feeds for human-trafficking stories and
// republishes a curated, de-duplicated selection as Atom, RSS and JSON feeds.
//
// Usage:
//
//	tipwire [--config FILE] COMMAND [flags]
//
// "tipwire help" lists the commands; "tipwire help COMMAND" describes one.
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

func (e *env) main(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("tipwire", flag.ContinueOnError)
	global.SetOutput(e.stderr)
	global.Usage = func() {}
	configPath := global.String("config", "", "config file")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeUsage(e.stdout)
			return exitOK
		}
		fmt.Fprintln(e.stderr, `run "tipwire help" for usage`)
		return exitConfig
	}
	if global.NArg() == 0 {
		writeUsage(e.stderr)
		return exitConfig
	}
	name := global.Arg(0)
	if name == "help" {
		return e.cmdHelp(global.Args()[1:])
	}
	c, ok := lookupCommand(name)
	if !ok {
		fmt.Fprintf(e.stderr, "tipwire: unknown command %q\n\n", name)
		writeUsage(e.stderr)
		return exitConfig
	}
	return e.runCommand(ctx, c, *configPath, global.Args()[1:])
}

func (e *env) runCommand(ctx context.Context, c command, configPath string, args []string) int {
	fs := commandFlags(c, configPath, e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeCommandHelp(e.stdout, c)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "run \"tipwire help %s\" for usage\n", c.name)
		return exitConfig
	}
	cfg, _, err := loadConfig(fs.Lookup("config").Value.String(), e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire: config: %v\n", err)
		return exitConfig
	}
	if cfg.Log.Level == "" {
		cfg.Log.Level = c.logLevel()
	}
	return c.run(ctx, e, cfg, fs)
}
