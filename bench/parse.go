package bench

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/tipwire/tipwire/fetcher"
)

// ParseResult compares, on the same bodies and cores, gofeed's default
// parser alone with tipwire's fetcher parsing and normalising (charset
// check, prolog sniff, depth check, gofeed without the image scan,
// sanitised HTML, canonical URLs): the fetcher's share of the pipeline.
type ParseResult struct {
	Gofeed, Fetcher       time.Duration // wall time, GOMAXPROCS workers
	GofeedCPU, FetcherCPU time.Duration // process CPU time meanwhile
}

// CompareParse times both parsers over bodies.
func CompareParse(ctx context.Context, bodies [][]byte) (ParseResult, error) {
	var r ParseResult
	var err error
	if r.Gofeed, r.GofeedCPU, err = timeParallel(bodies, func() func([]byte) error {
		p := gofeed.NewParser()
		return func(b []byte) error { _, err := p.Parse(bytes.NewReader(b)); return err }
	}); err != nil {
		return r, err
	}
	f := fetcher.New(fetcher.Options{}, nil)
	defer f.Close()
	r.Fetcher, r.FetcherCPU, err = timeParallel(bodies, func() func([]byte) error {
		return func(b []byte) error {
			_, err := f.Parse(ctx, bytes.NewReader(b), "https://outlet.example/feed.xml", time.Now())
			return err
		}
	})
	return r, err
}

// timeParallel runs parse (one made per worker) over every body on
// GOMAXPROCS workers and returns the wall and CPU time.
func timeParallel(bodies [][]byte, newParse func() func([]byte) error) (wall, cpu time.Duration, err error) {
	runtime.GC()
	cpu0, start := cpuTime(), time.Now()
	next := make(chan []byte)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			parse := newParse()
			for b := range next {
				if err := parse(b); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	if first != nil {
		return 0, 0, fmt.Errorf("parse: %w", first)
	}
	return time.Since(start), cpuTime() - cpu0, nil
}
