package bench

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/daemon"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/store"
	"github.com/tipwire/tipwire/tags"
)

// Config is one benchmark run.
type Config struct {
	Spec Spec
	// FarmURL is the base URL of a farm serving Spec (for example one in
	// another process, so its CPU and memory are not counted); "" starts one
	// in this process.
	FarmURL   string
	Workers   int             // sources fetched at once, also the per-host limit; default 64
	Topics    []tipwire.Topic // the topics to match; the shipped ones in the command
	Dir       string          // where the databases go (a temporary directory)
	SkipFloor bool            // skip timing the floor
	// CPUProfile, when set, names a file that receives a CPU profile of
	// the two passes (not the floor).
	CPUProfile string
	Logger     *slog.Logger // nil discards
}

// PassResult measures one daemon pass.
type PassResult struct {
	Wall, CPU time.Duration
	Summary   daemon.Summary
	Items     int // items the fetcher delivered (before dedup)
}

// Results is everything a run measured.
type Results struct {
	First, Second PassResult
	PeakRSS       int64 // bytes, after both passes (before the floor)
	Stored        int   // items in the store after the first pass
	Expected      int   // distinct stories in the farm
	Floor         FloorResult
	Parse         ParseResult
}

// Run builds the real pipeline in cfg.Dir, runs a first pass and an
// all-304 second pass over the farm, counts what was stored, then times the
// floor on the same bytes and compares gofeed alone with the fetcher.
func Run(ctx context.Context, cfg Config) (Results, error) {
	cfg = withDefaults(cfg)
	farm := NewFarm(cfg.Spec)
	base := cfg.FarmURL
	if base == "" {
		srv := httptest.NewServer(farm.Handler(farm.Bodies()))
		defer srv.Close()
		base = srv.URL
	}
	res := Results{Expected: cfg.Spec.Expected()}
	if err := runPipeline(ctx, cfg, base, &res); err != nil {
		return res, err
	}
	res.PeakRSS = peakRSS()
	if cfg.SkipFloor {
		return res, nil
	}
	bodies := farm.Bodies()
	runtime.GC()
	var err error
	if res.Floor, err = Floor(ctx, cfg.Dir, bodies); err != nil {
		return res, err
	}
	res.Parse, err = CompareParse(ctx, bodies)
	return res, err
}

func withDefaults(cfg Config) Config {
	if cfg.Workers < 1 {
		cfg.Workers = 64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// runPipeline wires fetcher, filters, store and daemon as the tipwire
// command does and runs the two passes.
func runPipeline(ctx context.Context, cfg Config, base string, res *Results) error {
	set, err := filters.Compile(cfg.Topics)
	if err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	// The daemon tags every item before matching it; so does the bench.
	tagger, err := tags.New()
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	path := filepath.Join(cfg.Dir, "tipwire.db")
	st, err := store.Open(ctx, path, cfg.Logger)
	if err != nil {
		return err
	}
	defer st.Close()
	f := fetcher.New(fetcher.Options{AllowPrivateNetworks: true, IdleConnsPerHost: cfg.Workers}, cfg.Logger)
	defer f.Close()
	counting := &countingFetcher{next: f}
	// The daemon's clock jumps a year between passes, so every source is
	// due again whatever interval the first pass scheduled.
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	d := daemon.New(counting, st, classify.New(set, tagger), daemonOptions(cfg, sources(base, cfg.Spec.Feeds), now), cfg.Logger)
	if err := d.Init(ctx); err != nil {
		return err
	}
	if cfg.CPUProfile != "" {
		stop, err := startCPUProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if res.First, err = pass(ctx, d, counting); err != nil {
		return err
	}
	offset.Store(int64(365 * 24 * time.Hour))
	if res.Second, err = pass(ctx, d, counting); err != nil {
		return err
	}
	res.Stored, err = countItems(ctx, path)
	return err
}

// daemonOptions sets every concurrency limit to cfg.Workers: the farm is
// one host.
func daemonOptions(cfg Config, srcs []tipwire.Source, now func() time.Time) daemon.Options {
	return daemon.Options{Workers: cfg.Workers, PerHost: cfg.Workers, Configured: srcs, Now: now}
}

func sources(base string, n int) []tipwire.Source {
	out := make([]tipwire.Source, n)
	for i := range out {
		out[i] = tipwire.Source{URL: strings.TrimSuffix(base, "/") + Path(i), Name: fmt.Sprintf("Outlet %d", i),
			Origin: tipwire.OriginConfig}
	}
	return out
}

// pass runs one daemon pass, timing it; any failed source is an error, since
// the farm never fails.
func pass(ctx context.Context, d *daemon.Daemon, c *countingFetcher) (PassResult, error) {
	runtime.GC()
	c.items.Store(0)
	cpu0, start := cpuTime(), time.Now()
	reports, err := d.Pass(ctx)
	r := PassResult{Wall: time.Since(start), CPU: cpuTime() - cpu0, Items: int(c.items.Load())}
	if err != nil {
		return r, err
	}
	r.Summary = daemon.Summarize(reports)
	for _, rep := range reports {
		if rep.Err != nil {
			return r, fmt.Errorf("source %s failed: %w", rep.Source.URL, rep.Err)
		}
	}
	return r, nil
}

// countItems counts the rows of the store's items table directly: the
// store's public queries return curated (matched) items only, and the count
// must include everything stored. A measuring tool may read the schema.
func countItems(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("count stored items: %w", err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
		return 0, fmt.Errorf("count stored items: %w", err)
	}
	return n, nil
}

// countingFetcher counts the items the fetcher delivers.
type countingFetcher struct {
	next  daemon.Fetcher
	items atomic.Int64
}

// Fetch fetches through the real fetcher and counts.
func (c *countingFetcher) Fetch(ctx context.Context, req fetcher.Request) (fetcher.Result, error) {
	res, err := c.next.Fetch(ctx, req)
	c.items.Add(int64(len(res.Items)))
	return res, err
}

// startCPUProfile profiles the process into path until the returned
// function runs.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
