package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

const usageLine = "usage: tipwire [--config FILE] COMMAND [flags]"

// writeUsage prints the command list: to stdout when asked for, to stderr
// after a usage mistake.
func writeUsage(w io.Writer) {
	fmt.Fprintf(w, `tipwire watches news feeds for human-trafficking stories and republishes a
curated, de-duplicated selection as Atom, RSS and JSON feeds.

%s

commands:
`, usageLine)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
"tipwire help COMMAND" or "tipwire COMMAND --help" describes one command.

--config FILE chooses the config file; else $TIPWIRE_CONFIG, else ./config.yaml,
else the built-in default (the shipped config.yaml).
`)
}

// writeCommandHelp prints one command's synopsis, description and flags.
func writeCommandHelp(w io.Writer, c command) {
	synopsis := "tipwire [--config FILE] " + c.name
	if c.args != "" {
		synopsis += " " + c.args
	}
	fmt.Fprintf(w, "usage: %s\n\n%s\n", synopsis, strings.TrimSpace(c.help))
	fs := commandFlags(c, "", io.Discard)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 1 { // more than --config
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// commandFlags is c's flag set, with --config defaulting to configPath.
// Parse errors go to errOut followed by a pointer to the help; -h and
// --help print nothing here: the caller prints the help to stdout.
func commandFlags(c command, configPath string, errOut io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("tipwire "+c.name, flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {}
	fs.String("config", configPath, "config `FILE` (default $TIPWIRE_CONFIG, else ./config.yaml, else the built-in one)")
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

// cmdHelp is `tipwire help [COMMAND]`.
func (e *env) cmdHelp(args []string) int {
	switch {
	case len(args) == 0:
		writeUsage(e.stdout)
		return exitOK
	case len(args) > 1:
		fmt.Fprintln(e.stderr, "usage: tipwire help [COMMAND]")
		return exitConfig
	}
	c, ok := lookupCommand(args[0])
	if !ok {
		fmt.Fprintf(e.stderr, "tipwire help: unknown command %q\n\n", args[0])
		writeUsage(e.stderr)
		return exitConfig
	}
	writeCommandHelp(e.stdout, c)
	return exitOK
}
