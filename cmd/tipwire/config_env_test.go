package main

import (
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
