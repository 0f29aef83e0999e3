package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/store"
)

// Config is config.yaml. The shipped config.yaml documents every key; keep
// the two in step.
type Config struct {
	DB       string         `yaml:"db"`
	Listen   string         `yaml:"listen"`
	BaseURL  string         `yaml:"base_url"`
	Schedule string         `yaml:"schedule"`
	Seeds    bool           `yaml:"seeds"`
	Log      LogConfig      `yaml:"log"`
	Fetch    FetchConfig    `yaml:"fetch"`
	Publish  PublishConfig  `yaml:"publish"`
	Sources  []SourceConfig `yaml:"sources"`
	Topics   []TopicConfig  `yaml:"topics"`

	// Retention is how long a story is kept after its last item was first
	// seen; 0 keeps everything. Stories tunes the grouping of copies.
	Retention Duration      `yaml:"retention"`
	Stories   StoriesConfig `yaml:"stories"`

	// AdminToken guards the web console's state-changing endpoints;
	// $TIPWIRE_ADMIN_TOKEN overrides it. Empty turns them off.
	AdminToken string `yaml:"admin_token"`

	// Alerts routes new stories to webhooks and email; WebSub names the
	// hubs pinged when feeds change (config_alerts.go).
	Alerts AlertsConfig `yaml:"alerts"`
	WebSub WebSubConfig `yaml:"websub"`
}

// LogConfig sets the log level and format.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error; "" for the command's default
	Format string `yaml:"format"` // text or json
}

// FetchConfig tunes the fetcher.
type FetchConfig struct {
	Timeout              Duration `yaml:"timeout"`
	MaxBody              ByteSize `yaml:"max_body"`
	UserAgent            string   `yaml:"user_agent"`
	Workers              int      `yaml:"workers"`
	AllowPrivateNetworks bool     `yaml:"allow_private_networks"`
	PerHost              int      `yaml:"per_host"`     // sources of one host fetched at once
	Interval             Duration `yaml:"interval"`     // gap between checks of a healthy source
	MinInterval          Duration `yaml:"min_interval"` // shortest gap; the failure backoff starts here
	MaxInterval          Duration `yaml:"max_interval"` // longest gap; gone sources are checked this often
}

// PublishConfig tunes the published feeds.
type PublishConfig struct {
	Title string `yaml:"title"`
	Limit int    `yaml:"limit"`
	// Cache serves feeds and pages rendered once per change; false renders
	// every request (benchmarks, debugging).
	Cache bool `yaml:"cache"`
	// Content is snippet (title, a short excerpt and the link) or full
	// (the publisher's sanitised summary) for feed entries and alerts.
	Content string `yaml:"content"`
}

// StoriesConfig tunes how copies of one story from several outlets are grouped.
type StoriesConfig struct {
	// Window is how far back (by first-seen time) a new item looks for a
	// near-duplicate whose story it joins.
	Window Duration `yaml:"window"`
}

// SourceConfig is one feed listed in config.yaml.
type SourceConfig struct {
	URL  string `yaml:"url"`
	Name string `yaml:"name"`
}

// TopicConfig is one topic; see the filters package for the rule semantics.
type TopicConfig struct {
	Name       string   `yaml:"name"`
	Title      string   `yaml:"title"`
	Any        []string `yaml:"any"`
	All        []string `yaml:"all"`
	None       []string `yaml:"none"`
	Rule       string   `yaml:"rule"`       // boolean expression the item must satisfy
	Vocabulary string   `yaml:"vocabulary"` // built-in weighted term list, e.g. trafficking
	Threshold  float64  `yaml:"threshold"`  // least score to match; 0 means the filters default
}

// defaultConfig holds the values used for keys a config file leaves out.
func defaultConfig() Config {
	return Config{
		DB:       "data/tipwire.db",
		Listen:   "127.0.0.1:8080",
		BaseURL:  "http://127.0.0.1:8080",
		Schedule: "@every 1m",
		Seeds:    true,
		Log:      LogConfig{Format: "text"}, // level: per command, see command.logLevel
		Fetch:    defaultFetchConfig(),
		Publish:  PublishConfig{Title: "tipwire: human trafficking news", Limit: 100, Cache: true, Content: "snippet"},

		Retention: Duration(90 * 24 * time.Hour),
		Stories:   StoriesConfig{Window: Duration(store.DefaultStoryWindow)},
	}
}

// defaultFetchConfig holds the fetch.* defaults.
func defaultFetchConfig() FetchConfig {
	return FetchConfig{Timeout: Duration(30 * time.Second), MaxBody: 8 << 20, Workers: 8, PerHost: 2,
		Interval: Duration(15 * time.Minute), MinInterval: Duration(5 * time.Minute), MaxInterval: Duration(24 * time.Hour)}
}

// configSource says where the configuration comes from, for the log.
type configSource struct {
	path     string // "" when the embedded default is used
	embedded bool
}

// loadConfig reads the config file chosen by --config, $TIPWIRE_CONFIG or
// ./config.yaml, falling back to the embedded default when none of those is
// given and ./config.yaml does not exist; then applies the environment
// overrides (applyEnv).
func loadConfig(flagPath string, getenv func(string) string) (Config, configSource, error) {
	path, explicit := flagPath, flagPath != ""
	if !explicit {
		if p := getenv("TIPWIRE_CONFIG"); p != "" {
			path, explicit = p, true
		} else {
			path = "config.yaml"
		}
	}
	data, err := os.ReadFile(path)
	src := configSource{path: path}
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		data, src = tipwire.DefaultConfig(), configSource{embedded: true}
	case err != nil:
		return Config{}, src, fmt.Errorf("read config: %w", err)
	}
	cfg, err := parseConfig(data)
	if err != nil {
		name := path
		if src.embedded {
			name = "embedded config.yaml"
		}
		return Config{}, src, fmt.Errorf("%s: %w", name, err)
	}
	if err := applyEnv(&cfg, getenv); err != nil {
		return Config{}, src, err
	}
	return cfg, src, nil
}

// applyEnv applies the environment overrides, which win over the file so
// a container or unit can set them without editing it. The README lists
// them in one table; keep it in step.
func applyEnv(cfg *Config, getenv func(string) string) error {
	if v := getenv("TIPWIRE_DB"); v != "" {
		cfg.DB = v
	}
	if v := getenv("TIPWIRE_ADMIN_TOKEN"); v != "" {
		cfg.AdminToken = v
	}
	if v := getenv("TIPWIRE_LISTEN"); v != "" {
		if err := validateListen(v); err != nil {
			return fmt.Errorf("$TIPWIRE_LISTEN: %w", err)
		}
		cfg.Listen = v
	}
	if v := getenv("TIPWIRE_BASE_URL"); v != "" {
		if err := validateHTTPURL(v); err != nil {
			return fmt.Errorf("$TIPWIRE_BASE_URL: %w", err)
		}
		cfg.BaseURL = v
	}
	return nil
}

// parseConfig decodes and validates one config document.
func parseConfig(data []byte) (Config, error) {
	cfg := defaultConfig()
	if err := decodeStrict(data, &cfg); err != nil {
		return Config{}, err
	}
	if err := cfg.validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// validate checks what decoding cannot: every error names its field path.
func (c *Config) validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return errors.New("db: must not be empty")
	}
	if err := validateListen(c.Listen); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if err := validateHTTPURL(c.BaseURL); err != nil {
		return fmt.Errorf("base_url: %w", err)
	}
	if err := daemon.ValidateSchedule(c.Schedule); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	if err := c.Log.validate(); err != nil {
		return err
	}
	if err := c.Fetch.validate(); err != nil {
		return err
	}
	if c.Publish.Limit < 1 || c.Publish.Limit > 1000 {
		return fmt.Errorf("publish.limit: must be between 1 and 1000, got %d", c.Publish.Limit)
	}
	if err := c.validateStories(); err != nil {
		return err
	}
	if err := c.validateNotify(); err != nil {
		return err
	}
	if err := validateSources(c.Sources); err != nil {
		return err
	}
	_, err := filters.Compile(c.topics())
	return err
}

func (l LogConfig) validate() error {
	switch l.Level {
	case "", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log.level: must be debug, info, warn or error, got %q", l.Level)
	}
	if l.Format != "text" && l.Format != "json" {
		return fmt.Errorf("log.format: must be text or json, got %q", l.Format)
	}
	return nil
}

func (f FetchConfig) validate() error {
	if f.Timeout == 0 {
		return errors.New("fetch.timeout: must be positive")
	}
	if f.MaxBody < 1024 {
		return fmt.Errorf("fetch.max_body: must be at least 1KiB, got %d bytes", f.MaxBody)
	}
	if f.Workers < 1 || f.Workers > 256 {
		return fmt.Errorf("fetch.workers: must be between 1 and 256, got %d", f.Workers)
	}
	return f.validateSchedule()
}

// validateSchedule checks the per-source schedule keys.
func (f FetchConfig) validateSchedule() error {
	if f.PerHost < 1 || f.PerHost > f.Workers {
		return fmt.Errorf("fetch.per_host: must be between 1 and fetch.workers (%d), got %d", f.Workers, f.PerHost)
	}
	if f.MinInterval < Duration(time.Minute) {
		return fmt.Errorf("fetch.min_interval: must be at least 1m, got %s", time.Duration(f.MinInterval))
	}
	if f.MaxInterval < f.MinInterval {
		return fmt.Errorf("fetch.max_interval: must not be below fetch.min_interval (%s), got %s",
			time.Duration(f.MinInterval), time.Duration(f.MaxInterval))
	}
	if f.Interval < f.MinInterval || f.Interval > f.MaxInterval {
		return fmt.Errorf("fetch.interval: must be between fetch.min_interval and fetch.max_interval, got %s",
			time.Duration(f.Interval))
	}
	return nil
}

func validateSources(srcs []SourceConfig) error {
	seen := map[string]int{}
	for i, s := range srcs {
		if err := validateHTTPURL(s.URL); err != nil {
			return fmt.Errorf("sources[%d].url: %w", i, err)
		}
		key := sourceKey(s.URL)
		if j, dup := seen[key]; dup {
			return fmt.Errorf("sources[%d].url: %q duplicates sources[%d].url", i, s.URL, j)
		}
		seen[key] = i
	}
	return nil
}

// sourceKey folds the differences that do not make two feed URLs different
// feeds (scheme and host case, a trailing slash), so duplicates are caught.
func sourceKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.Fragment = ""
	return u.String()
}

func validateHTTPURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("must not be empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %q", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("must be an http or https URL, got %q", raw)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("has no host: %q", raw)
	}
	return nil
}

func validateListen(addr string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("must be host:port, got %q", addr)
	}
	return nil
}

// topics converts the configured topics to the domain type.
func (c *Config) topics() []tipwire.Topic {
	out := make([]tipwire.Topic, len(c.Topics))
	for i, t := range c.Topics {
		out[i] = tipwire.Topic{Name: t.Name, Title: t.Title, Any: t.Any, All: t.All, None: t.None,
			Rule: t.Rule, Vocabulary: t.Vocabulary, Threshold: t.Threshold}
	}
	return out
}

// sources converts the configured sources to the domain type.
func (c *Config) sources() []tipwire.Source {
	out := make([]tipwire.Source, len(c.Sources))
	for i, s := range c.Sources {
		out[i] = tipwire.Source{URL: s.URL, Name: s.Name, Origin: tipwire.OriginConfig}
	}
	return out
}
