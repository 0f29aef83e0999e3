package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/seeds"
	"github.com/tipwire/tipwire/store"
	"github.com/tipwire/tipwire/tags"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

// app is the wired-up program: one store, one fetcher, one daemon.
type app struct {
	cfg    Config
	log    *slog.Logger
	store  *store.Store
	daemon *daemon.Daemon
	// classes tags and matches items: the daemon's, and the re-match's
	// on start.
	classes *classify.Classifier
	// fetch serves `sources add`, which checks and discovers feeds.
	fetch *fetcher.Fetcher
	obs   *pipelineObserver // metrics, and the publisher's cache invalidation
	tags  *tags.Tagger      // countries and types of every item
	// alerts queues and delivers alerts and WebSub pings; nil when none
	// are configured.
	alerts *alerts.Notifier
}

// newLogger builds the process logger from log.level and log.format.
func newLogger(w io.Writer, c LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated with the config
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openApp opens the store and wires the pipeline. With seeds on, it also
// stores the seed corpus, so the curated feed has content before any fetch.
func openApp(ctx context.Context, e *env, cfg Config) (*app, error) {
	log := newLogger(e.stderr, cfg.Log)
	classes, tagger, err := newClassifier(cfg)
	if err != nil {
		return nil, err
	}
	configured, err := configuredSources(cfg)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DB, log)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", cfg.DB, err)
	}
	st.SetStoryWindow(time.Duration(cfg.Stories.Window))
	f := fetcher.New(fetcher.Options{
		Timeout:              time.Duration(cfg.Fetch.Timeout),
		MaxBody:              int64(cfg.Fetch.MaxBody),
		UserAgent:            userAgent(cfg),
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
	}, log)
	obs := newPipelineObserver(st, log)
	df, ds := daemon.Observe(f, st, obs, nil)
	dopts := daemonOptions(cfg, configured)
	dopts = withRetention(dopts, cfg, st, obs, log)
	dopts, notifier, err := withAlerts(dopts, cfg, st, obs, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	d := daemon.New(df, ds, classes, dopts, log)
	a := &app{cfg: cfg, log: log, store: st, daemon: d, classes: classes, fetch: f, obs: obs, tags: tagger, alerts: notifier}
	if err := a.init(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) init(ctx context.Context) error {
	if err := a.daemon.Init(ctx); err != nil {
		return err
	}
	retagged, err := a.retagIfChanged(ctx)
	if err != nil {
		return err
	}
	if err := a.rematchIfChanged(ctx, retagged); err != nil {
		return err
	}
	if !a.cfg.Seeds {
		return nil
	}
	items, err := seeds.Items(time.Now())
	if err != nil {
		return fmt.Errorf("load seed corpus: %w", err)
	}
	stats, err := a.daemon.SaveCorpus(ctx, items)
	if err != nil {
		return err
	}
	a.log.Info("seed corpus stored", "articles", len(items), "new", stats.New, "matched", stats.Matched)
	return nil
}

func (a *app) close() {
	if err := a.store.Close(); err != nil {
		a.log.Error("close database", "error", err)
	}
}

// configuredSources is config.yaml's sources plus, with seeds on, the seed
// list; a source in both keeps its config.yaml name.
func configuredSources(cfg Config) ([]tipwire.Source, error) {
	out := cfg.sources()
	if !cfg.Seeds {
		return out, nil
	}
	seedSrcs, err := seeds.Sources()
	if err != nil {
		return nil, fmt.Errorf("load seed sources: %w", err)
	}
	have := make(map[string]bool, len(out))
	for _, s := range out {
		have[sourceKey(s.URL)] = true
	}
	for _, s := range seedSrcs {
		if !have[sourceKey(s.URL)] {
			out = append(out, s)
		}
	}
	return out, nil
}

func userAgent(cfg Config) string {
	if cfg.Fetch.UserAgent != "" {
		return cfg.Fetch.UserAgent
	}
	return "tipwire/" + version + " (+https://github.com/tipwire/tipwire; feed aggregator)"
}

// publishOptions configures the HTTP publisher from the config.
func (a *app) publishOptions() publish.Options {
	o := publish.Options{
		BaseURL: a.cfg.BaseURL,
		Title:   a.cfg.Publish.Title,
		Topics:  a.cfg.topics(),
		Limit:   a.cfg.Publish.Limit,
		Ready:   a.store.Ping,
	}
	o.SourceList = a.daemon // /sources and /sources.opml
	o.Stories = a.store     // /stories/{key}
	o.Counts, o.Sources, o.AdminToken = a.store, a.store, a.cfg.AdminToken
	o.Metrics, o.Observer, o.Cache = a.obs.m.Handler(), a.obs.m, a.cfg.Publish.Cache
	return a.notifyPublishOptions(o)
}

// fail prints a runtime error and returns the exit code for it.
func fail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "tipwire: %v\n", err)
	return exitFail
}
