package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/tipwire/tipwire/bench"
)

func benchFlags(fs *flag.FlagSet) {
	fs.Int("feeds", 1000, "synthetic feeds")
	fs.Int("items", 50, "items per feed")
	fs.Int("desc-bytes", 2048, "bytes of HTML per item description")
	fs.Float64("shared", 0.2, "share of each feed's items that are stories repeated across feeds (with tracking parameters)")
	fs.Float64("relevant", 0.2, "share of stories that are on topic: 0.02 is like general news, 0.5 like a focused feed list")
	fs.Int("latency", 0, "milliseconds added to every response")
	fs.Bool("small-vocabulary", false, "write every story from 200 common words, so unrelated stories look alike (a worst case for story clustering)")
	fs.Int("workers", 64, "sources fetched at once; also the per-host limit (the farm is one host)")
	fs.Bool("floor", true, "also time the floor: gofeed parse plus one batched SQLite insert")
	fs.Bool("in-process", false, "serve the farm from this process (its CPU and memory then count)")
	fs.Bool("serve", false, "only serve the farm: print its URL, serve until stdin closes")
	fs.String("cpuprofile", "", "write a CPU profile of the two passes to this file (go tool pprof)")
}

func benchSpec(fs *flag.FlagSet) bench.Spec {
	return bench.Spec{
		Feeds:     getFlag[int](fs, "feeds"),
		Items:     getFlag[int](fs, "items"),
		DescBytes: getFlag[int](fs, "desc-bytes"),
		Shared:    getFlag[float64](fs, "shared"),
		Relevant:  getFlag[float64](fs, "relevant"),
		Latency:   time.Duration(getFlag[int](fs, "latency")) * time.Millisecond,

		SmallVocabulary: getFlag[bool](fs, "small-vocabulary"),
	}
}

func getFlag[T any](fs *flag.FlagSet, name string) T {
	return fs.Lookup(name).Value.(flag.Getter).Get().(T)
}

// cmdBench measures the fetch pipeline on a synthetic farm; docs/benchmarks.md
// says how and what the figures are.
func cmdBench(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	spec := benchSpec(fs)
	if spec.Feeds < 1 || spec.Items < 1 || spec.Shared < 0 || spec.Shared > 1 || spec.Relevant < 0 || spec.Relevant > 1 {
		fmt.Fprintln(e.stderr, "tipwire bench: --feeds and --items must be positive, --shared and --relevant within [0, 1]")
		return exitConfig
	}
	if getFlag[bool](fs, "serve") {
		return benchServe(ctx, e, spec)
	}
	dir, err := os.MkdirTemp("", "tipwire-bench-")
	if err != nil {
		return fail(e, err)
	}
	defer os.RemoveAll(dir)
	bc := bench.Config{Spec: spec, Workers: getFlag[int](fs, "workers"), Topics: cfg.topics(), Dir: dir,
		SkipFloor: !getFlag[bool](fs, "floor"), CPUProfile: getFlag[string](fs, "cpuprofile")}
	if !getFlag[bool](fs, "in-process") {
		url, stop, err := startFarm(ctx, fs)
		if err != nil {
			return fail(e, err)
		}
		defer stop()
		bc.FarmURL = url
	}
	vocabulary := "news vocabulary"
	if spec.SmallVocabulary {
		vocabulary = "small vocabulary"
	}
	fmt.Fprintf(e.stderr, "tipwire bench: %d feeds × %d items, %d B descriptions, %.0f%% shared, %.0f%% relevant, %s, %v latency, %d workers\n",
		spec.Feeds, spec.Items, spec.DescBytes, spec.Shared*100, spec.Relevant*100, vocabulary, spec.Latency, bc.Workers)
	res, err := bench.Run(ctx, bc)
	if err != nil {
		return fail(e, err)
	}
	bench.Print(e.stdout, spec, res)
	return exitOK
}

// startFarm runs `tipwire bench --serve` with the farm flags in a child
// process and returns its URL and a function that stops it.
func startFarm(ctx context.Context, fs *flag.FlagSet) (string, func(), error) {
	exe, err := os.Executable()
	if err != nil {
		return "", nil, fmt.Errorf("find own executable: %w", err)
	}
	args := []string{"bench", "--serve"}
	for _, name := range []string{"feeds", "items", "desc-bytes", "shared", "relevant", "latency", "small-vocabulary"} {
		args = append(args, "--"+name+"="+fs.Lookup(name).Value.String())
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start farm: %w", err)
	}
	stop := func() { stdin.Close(); _ = cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("farm did not start: %w", err)
	}
	return strings.TrimSpace(line), stop, nil
}

// benchServe serves the farm on a loopback port until stdin closes or ctx
// ends. The URL is the first line on stdout.
func benchServe(ctx context.Context, e *env, spec bench.Spec) int {
	farm := bench.NewFarm(spec)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(e, err)
	}
	srv := &http.Server{Handler: farm.Handler(farm.Bodies()), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintln(e.stdout, "http://"+ln.Addr().String())
	done := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	_ = srv.Close()
	return exitOK
}
