package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name, value string
		got         func(Config) string
		wantErr     string
	}{
		{"TIPWIRE_DB", "/srv/t.db", func(c Config) string { return c.DB }, ""},
		{"TIPWIRE_LISTEN", "0.0.0.0:9000", func(c Config) string { return c.Listen }, ""},
		{"TIPWIRE_LISTEN", "nonsense", nil, "$TIPWIRE_LISTEN"},
		{"TIPWIRE_BASE_URL", "https://news.example.org", func(c Config) string { return c.BaseURL }, ""},
		{"TIPWIRE_BASE_URL", "news.example.org", nil, "$TIPWIRE_BASE_URL: must be an http or https URL"},
		{"TIPWIRE_ADMIN_TOKEN", "s3cret", func(c Config) string { return c.AdminToken }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			cfg := defaultConfig()
			err := applyEnv(&cfg, func(k string) string {
				if k == tt.name {
					return tt.value
				}
				return ""
			})
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case tt.got(cfg) != tt.value:
				t.Errorf("%s=%s left the config at %q", tt.name, tt.value, tt.got(cfg))
			}
		})
	}
}

// TestBaseURLFromEnvInFeed checks that $TIPWIRE_BASE_URL reaches the
// published feed's ids and self links, as Docker users set it.
func TestBaseURLFromEnvInFeed(t *testing.T) {
	config := writeQuietConfig(t, true, "")
	var out strings.Builder
	e := &env{stdout: &out, stderr: &out, stopSignals: func() {}, getenv: func(k string) string {
		if k == "TIPWIRE_BASE_URL" {
			return "https://news.example.org"
		}
		return ""
	}}
	if code := e.main(t.Context(), []string{"--config", config, "export"}); code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), `href="https://news.example.org/feed.atom"`) || strings.Contains(out.String(), "127.0.0.1") {
		t.Errorf("feed does not use $TIPWIRE_BASE_URL:\n%.2000s", out.String())
	}
}

// TestEnvOverridesDocumented keeps README.md's table of environment
// variables in step with the ones the command reads.
func TestEnvOverridesDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	read := regexp.MustCompile(`getenv\("(TIPWIRE_[A-Z_]+)"\)`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range read.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !strings.Contains(string(readme), "| `"+m[1]+"` |") {
				t.Errorf("%s reads $%s, which README.md's table of environment overrides lacks", f, m[1])
			}
		}
	}
	if seen < 5 {
		t.Errorf("found %d environment variables read; the pattern no longer matches the code", seen)
	}
}
