package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeQuietConfig writes a config file that leaves log.level out unless level
// is set, with a fresh database, so every run migrates it.
func writeQuietConfig(t *testing.T, seeds bool, level string, sources ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "db: %s\nseeds: %v\nfetch:\n  allow_private_networks: true\n", filepath.Join(dir, "tipwire.db"), seeds)
	if level != "" {
		fmt.Fprintf(&b, "log:\n  level: %s\n", level)
	}
	if len(sources) > 0 {
		b.WriteString("sources:\n")
		for _, s := range sources {
			fmt.Fprintf(&b, "  - url: %s\n", s)
		}
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOneShotCommandsAreQuiet runs one-shot commands on a new database (so
// the store migrates it and, with seeds, builds its story index): their
// stderr stays empty unless the config asks for info.
func TestOneShotCommandsAreQuiet(t *testing.T) {
	srv := siteServer(t)
	feed := srv.URL + "/feed.xml"
	tests := []struct {
		name    string
		seeds   bool
		sources []string
		args    []string
		wantOut string
	}{
		{"sources add", true, nil, []string{"sources", "add", "--no-check", feed}, "added"},
		{"sources list", true, nil, []string{"sources", "list"}, "STATUS"},
		{"export", true, nil, []string{"export", "--limit", "5"}, "<feed"},
		{"fetch", false, []string{feed}, []string{"fetch"}, "1 sources: 1 ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := writeQuietConfig(t, tt.seeds, "", tt.sources...)
			code, out, errOut := runMain(t, append([]string{"--config", config}, tt.args...)...)
			if code != exitOK || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("exit %d, stdout %q; want exit 0 and %q", code, out, tt.wantOut)
			}
			if errOut != "" {
				t.Errorf("stderr should be empty, got:\n%s", errOut)
			}
		})
		t.Run(tt.name+" at log.level info", func(t *testing.T) {
			config := writeQuietConfig(t, tt.seeds, "info", tt.sources...)
			if _, _, errOut := runMain(t, append([]string{"--config", config}, tt.args...)...); !strings.Contains(errOut, "database migrated") {
				t.Errorf("log.level: info should log the migrations, got:\n%s", errOut)
			}
		})
	}
}
