package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/publish"
)

// parseFile parses a hostile input with the real fetcher, as `tipwire check`
// would, and fails the test on an error.
func parseFile(t *testing.T, file string) fetcher.Result {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata/hostile", file))
	if err != nil {
		t.Fatal(err)
	}
	f := fetcher.New(fetcher.Options{}, quietLogger())
	defer f.Close()
	res, err := f.Parse(context.Background(), bytes.NewReader(body), "http://127.0.0.1/feed.xml", time.Unix(1790000000, 0))
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return res
}

// checkRendered renders items (whatever topics they matched) in every
// format, as the publisher would, and requires safe, well-formed output.
func checkRendered(t *testing.T, items []tipwire.Item) {
	t.Helper()
	if len(items) > 200 {
		items = items[:200]
	}
	items = append([]tipwire.Item(nil), items...)
	for i := range items {
		items[i].Key = fmt.Sprintf("%032x", i+1)
		items[i].Outlets = []tipwire.Outlet{{Name: items[i].Outlet, Link: items[i].Link}}
	}
	for _, format := range []string{publish.FormatAtom, publish.FormatRSS, publish.FormatJSON} {
		var buf bytes.Buffer
		meta := publish.FeedMeta{Title: "render check", SelfURL: "http://tipwire.test/feed." + format, SiteURL: "http://tipwire.test/", ID: "http://tipwire.test/"}
		if err := publish.Render(&buf, format, meta, items); err != nil {
			t.Errorf("render %s: %v", format, err)
			continue
		}
		for _, p := range outputProblems("x."+format, buf.Bytes()) {
			t.Errorf("rendered %s: %s", format, p)
		}
	}
}
