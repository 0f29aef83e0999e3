package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
	_ "modernc.org/sqlite" // the same SQLite driver the store uses
)

// FloorResult is what the floor measured.
type FloorResult struct {
	Wall  time.Duration
	CPU   time.Duration
	Items int // rows inserted
}

// Floor times the least work any reader does with bodies: gofeed's default
// parser on every body (GOMAXPROCS at a time, as the pipeline may use every
// core too), then one transaction inserting every item into a bare SQLite
// table in the same journal mode as the store, in multi-row batches. No
// HTTP, normalisation, sanitising, deduplication or matching.
func Floor(ctx context.Context, dir string, bodies [][]byte) (FloorResult, error) {
	db, err := openFloorDB(ctx, filepath.Join(dir, "floor.db"))
	if err != nil {
		return FloorResult{}, err
	}
	defer db.Close()
	cpu0, start := cpuTime(), time.Now()
	feeds, err := parseAll(bodies)
	if err != nil {
		return FloorResult{}, err
	}
	n, err := insertAll(ctx, db, feeds)
	if err != nil {
		return FloorResult{}, err
	}
	return FloorResult{Wall: time.Since(start), CPU: cpuTime() - cpu0, Items: n}, nil
}

func openFloorDB(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("open floor database: %w", err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, `CREATE TABLE items (feed INTEGER, guid TEXT, link TEXT, title TEXT,
		description TEXT, content TEXT, published INTEGER)`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("create floor table: %w", err)
	}
	return db, nil
}

// parseAll parses every body with a gofeed parser per worker (a Parser is
// not documented as safe for concurrent use).
func parseAll(bodies [][]byte) ([]*gofeed.Feed, error) {
	feeds := make([]*gofeed.Feed, len(bodies))
	errs := make([]error, len(bodies))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			p := gofeed.NewParser()
			for i := range next {
				feeds[i], errs[i] = p.Parse(bytes.NewReader(bodies[i]))
			}
		})
	}
	for i := range bodies {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("floor: parse feed %d: %w", i, err)
		}
	}
	return feeds, nil
}

// insertAll inserts every item in one transaction, 100 rows a statement.
func insertAll(ctx context.Context, db *sql.DB, feeds []*gofeed.Feed) (int, error) {
	const batch, cols = 100, 7
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("floor: begin: %w", err)
	}
	defer tx.Rollback()
	args := make([]any, 0, batch*cols)
	n := 0
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		rows := strings.Repeat(",(?,?,?,?,?,?,?)", len(args)/cols)[1:]
		_, err := tx.ExecContext(ctx, "INSERT INTO items VALUES "+rows, args...)
		n += len(args) / cols
		args = args[:0]
		return err
	}
	for fi, feed := range feeds {
		for _, it := range feed.Items {
			var pub int64
			if it.PublishedParsed != nil {
				pub = it.PublishedParsed.UnixNano()
			}
			args = append(args, fi, it.GUID, it.Link, it.Title, it.Description, it.Content, pub)
			if len(args) == batch*cols {
				if err := flush(); err != nil {
					return 0, fmt.Errorf("floor: insert: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return 0, fmt.Errorf("floor: insert: %w", err)
	}
	return n, tx.Commit()
}
