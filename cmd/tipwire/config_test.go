package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

func TestShippedConfigParses(t *testing.T) {
	cfg, err := parseConfig(tipwire.DefaultConfig())
	if err != nil {
		t.Fatalf("shipped config.yaml: %v", err)
	}
	if cfg.DB != "data/tipwire.db" || cfg.Listen != "127.0.0.1:8080" || !cfg.Seeds {
		t.Errorf("shipped defaults changed: db=%q listen=%q seeds=%v", cfg.DB, cfg.Listen, cfg.Seeds)
	}
	if len(cfg.Topics) == 0 || cfg.Topics[0].Name != "trafficking" {
		t.Errorf("shipped config has no default topic \"trafficking\": %+v", cfg.Topics)
	}
	if time.Duration(cfg.Fetch.Timeout) != 30*time.Second || cfg.Fetch.MaxBody != 8<<20 {
		t.Errorf("fetch defaults: timeout %v, max_body %d", time.Duration(cfg.Fetch.Timeout), cfg.Fetch.MaxBody)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	const topic = "topics:\n  - name: t\n    any: [x]\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top-level key", "colour: red\n", "colour: line 1: unknown key"},
		{"unknown nested key", "fetch:\n  timeuot: 5s\n", "fetch.timeuot: line 2: unknown key"},
		{"unknown key in a source", "sources:\n  - url: https://a.example/f\n    nmae: A\n", "sources[0].nmae: line 3: unknown key"},
		{"bad cron spec", "schedule: every day\n", "schedule: bad cron spec"},
		{"cron spec with too many fields", "schedule: \"* * * * * * *\"\n", "schedule: bad cron spec"},
		{"relative source URL", "sources:\n  - url: https://a.example/f\n  - url: /feed.xml\n", "sources[1].url: must be an http or https URL"},
		{"ftp source URL", "sources:\n  - url: ftp://a.example/f\n", "sources[0].url: must be an http or https URL"},
		{"source without host", "sources:\n  - url: https:///f\n", "sources[0].url: has no host"},
		{"empty source URL", "sources:\n  - name: A\n", "sources[0].url: must not be empty"},
		{"unparsable source URL", "sources:\n  - url: \"http://a b.example/%zz\"\n", "sources[0].url: not a URL"},
		{"duplicate source URL", "sources:\n  - url: https://a.example/f\n  - url: https://b.example/f\n  - url: HTTPS://A.example/f/\n", "sources[2].url: \"HTTPS://A.example/f/\" duplicates sources[0].url"},
		{"negative duration", "fetch:\n  timeout: -5s\n", "fetch.timeout: line 2: must not be negative"},
		{"zero duration", "fetch:\n  timeout: 0s\n", "fetch.timeout: must be positive"},
		{"not a duration", "fetch:\n  timeout: soon\n", "fetch.timeout: line 2: not a duration"},
		{"negative size", "fetch:\n  max_body: -1MiB\n", "fetch.max_body: line 2: must not be negative"},
		{"bad size", "fetch:\n  max_body: lots\n", "fetch.max_body: line 2: not a size"},
		{"tiny size", "fetch:\n  max_body: 10\n", "fetch.max_body: must be at least 1KiB"},
		{"workers out of range", "fetch:\n  workers: 0\n", "fetch.workers: must be between 1 and 256"},
		{"wrong type", "seeds: maybe\n", "seeds: line 1:"},
		{"list where a mapping belongs", "fetch: [1, 2]\n", "fetch: line 1: expected a mapping"},
		{"mapping where a list belongs", "sources:\n  url: https://a.example/f\n", "sources: line 2: expected a list"},
		{"key given twice", "db: a.db\ndb: b.db\n", "db: line 2:"},
		{"bad listen", "listen: 8080\n", "listen: must be host:port"},
		{"bad base_url", "base_url: localhost:8080\n", "base_url: must be an http or https URL"},
		{"bad log level", "log:\n  level: loud\n", "log.level: must be debug, info, warn or error"},
		{"bad log format", "log:\n  format: xml\n", "log.format: must be text or json"},
		{"publish limit", "publish:\n  limit: 5000\n", "publish.limit: must be between 1 and 1000"},
		{"empty db", "db: \"\"\n", "db: must not be empty"},
		{"not YAML", "sources: [\n", "not valid YAML"},
		{"topic with empty term", "topics:\n  - name: t\n    any: [\"\"]\n", "topics[0]"},
		{"topic with bad name", "topics:\n  - name: Bad Name\n    any: [x]\n", "topics[0]"},
		{"duplicate topic", topic + "  - name: t\n    any: [y]\n", "topics[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("config accepted:\n%s", tt.yaml)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tt.want)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestConfigPartialKeepsDefaults(t *testing.T) {
	cfg, err := parseConfig([]byte("fetch:\n  workers: 3\ntopics:\n  - name: t\n    any: [x]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Fetch.Workers != 3 || time.Duration(cfg.Fetch.Timeout) != 30*time.Second || cfg.Schedule != "@every 1m" {
		t.Errorf("partial config lost defaults: %+v", cfg.Fetch)
	}
}

func TestLoadConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	write := func(name, db string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("db: "+db+"\ntopics:\n  - name: t\n    any: [x]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flagFile, envFile := write("flag.yaml", "flag.db"), write("env.yaml", "env.db")
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

	tests := []struct {
		name, flag string
		env        map[string]string
		wantDB     string
		wantListen string
	}{
		{"flag beats env", flagFile, map[string]string{"TIPWIRE_CONFIG": envFile}, "flag.db", "127.0.0.1:8080"},
		{"env file", "", map[string]string{"TIPWIRE_CONFIG": envFile}, "env.db", "127.0.0.1:8080"},
		{"db and listen overrides", flagFile, map[string]string{"TIPWIRE_DB": "/x/o.db", "TIPWIRE_LISTEN": "0.0.0.0:9"}, "/x/o.db", "0.0.0.0:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := loadConfig(tt.flag, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.DB != tt.wantDB || cfg.Listen != tt.wantListen {
				t.Errorf("db=%q listen=%q, want %q %q", cfg.DB, cfg.Listen, tt.wantDB, tt.wantListen)
			}
		})
	}

	t.Run("missing explicit file is an error", func(t *testing.T) {
		_, _, err := loadConfig(filepath.Join(dir, "nope.yaml"), env(nil))
		if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
			t.Errorf("err = %v, want one naming the missing file", err)
		}
	})
	t.Run("bad TIPWIRE_LISTEN", func(t *testing.T) {
		_, _, err := loadConfig(flagFile, env(map[string]string{"TIPWIRE_LISTEN": "nonsense"}))
		if err == nil || !strings.Contains(err.Error(), "$TIPWIRE_LISTEN") {
			t.Errorf("err = %v, want one naming $TIPWIRE_LISTEN", err)
		}
	})
	t.Run("embedded default when nothing is given", func(t *testing.T) {
		t.Chdir(t.TempDir())
		cfg, src, err := loadConfig("", env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if !src.embedded || cfg.Topics[0].Name != "trafficking" {
			t.Errorf("embedded=%v topics=%v", src.embedded, cfg.Topics)
		}
	})
}
