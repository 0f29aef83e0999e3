package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// runMain runs the command line args in-process and returns the exit code,
// stdout and stderr. getenv sees no environment.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, stopSignals: func() {}}
	code := e.main(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantOut  []string // on stdout, which must be all of the output
	}{
		{[]string{"help"}, exitOK, []string{"usage: tipwire", "commands:", "sources", "healthcheck"}},
		{[]string{"--help"}, exitOK, []string{"usage: tipwire", "commands:"}},
		{[]string{"-h"}, exitOK, []string{"usage: tipwire", "commands:"}},
		{[]string{"help", "export"}, exitOK, []string{"export [--topic T]", "-limit N", "-format"}},
		{[]string{"export", "--help"}, exitOK, []string{"export [--topic T]", "-limit N"}},
		{[]string{"fetch", "-h"}, exitOK, []string{"fetch [--due]", "-due"}},
		{[]string{"help", "sources"}, exitOK, []string{"list [--json] [--wide]", "import FILE.opml"}},
		{[]string{"sources", "--help"}, exitOK, []string{"list [--json] [--wide]"}},
		{[]string{"sources", "add", "--help"}, exitOK, []string{"add [--name NAME] [--no-check] URL"}},
		{[]string{"sources", "list", "-h"}, exitOK, []string{"list [--json] [--wide]"}},
		{[]string{"help", "run"}, exitOK, []string{"SIGTERM"}},
	}
	// Help must not open (so create) the default database in ./data.
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runMain(t, tt.args...)
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("help created %s in the working directory", entries[0].Name())
			}
			if code != tt.wantCode || errOut != "" {
				t.Errorf("exit %d, stderr %q; want exit %d and no stderr", code, errOut, tt.wantCode)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestHelpFitsTerminal keeps every line of every help text within 80
// columns, the width of the narrowest terminal people still use.
func TestHelpFitsTerminal(t *testing.T) {
	pages := [][]string{{"help"}}
	for _, c := range commands() {
		pages = append(pages, []string{"help", c.name})
	}
	for _, args := range pages {
		_, out, _ := runMain(t, args...)
		for line := range strings.Lines(out) {
			line = strings.TrimRight(line, "\n")
			// Flag defaults are printed by the flag package, tab-indented.
			if strings.HasPrefix(line, "    \t") {
				continue
			}
			if n := utf8.RuneCountInString(line); n > 80 && !strings.HasPrefix(line, "usage: ") {
				t.Errorf("tipwire %s: line of %d columns: %q", strings.Join(args, " "), n, line)
			}
		}
	}
}

func TestUsageMistakes(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{nil, "usage: tipwire"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"run", "--bogus"}, `tipwire help run`},
		{[]string{"--bogus"}, `tipwire help`},
		{[]string{"export", "--limit", "0"}, "--limit must be at least 1"},
		{[]string{"export", "--limit", "-3"}, "--limit must be at least 1"},
		{[]string{"sources", "list", "extra"}, "list takes no arguments"},
		{[]string{"sources", "add"}, "add takes one URL"},
		{[]string{"sources", "list", "--bogus"}, "flag provided but not defined: -bogus"},
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runMain(t, tt.args...)
			if code != exitConfig || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, no stdout, %q on stderr",
					code, out, errOut, exitConfig, tt.wantErr)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a usage mistake created %s in the working directory", entries[0].Name())
			}
		})
	}
}

func TestDefaultLogLevel(t *testing.T) {
	for _, c := range commands() {
		want := "warn"
		if c.name == "run" || c.name == "serve" {
			want = "info"
		}
		if got := c.logLevel(); got != want {
			t.Errorf("%s logs at %s by default, want %s", c.name, got, want)
		}
	}
}
