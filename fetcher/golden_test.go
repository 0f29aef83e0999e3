package fetcher

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tipwire/tipwire/sanitize"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenNow is the first-seen time given to undated items in golden tests.
var goldenNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// TestGoldenRealWorld parses every document in testdata/realworld and
// compares a compact rendering (feed title and link; per item title, link,
// guid and date) with testdata/golden/<document>.golden. Run with -update
// to rewrite them, then read the diff.
func TestGoldenRealWorld(t *testing.T) {
	docs, err := filepath.Glob("testdata/realworld/*.*")
	if err != nil {
		t.Fatal(err)
	}
	f := New(Options{}, nil)
	n := 0
	for _, doc := range docs {
		if strings.HasSuffix(doc, ".md") {
			continue
		}
		n++
		name := filepath.Base(doc)
		t.Run(name, func(t *testing.T) {
			got := renderDocument(t, f, doc)
			checkGolden(t, filepath.Join("testdata", "golden", name+".golden"), got)
		})
	}
	if n != 33 {
		t.Errorf("found %d documents in testdata/realworld, want 33", n)
	}
}

func renderDocument(t *testing.T, f *Fetcher, path string) []byte {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	feedURL := "https://feeds.example.net/" + filepath.Base(path)
	res, err := f.Parse(context.Background(), file, feedURL, goldenNow)
	var b bytes.Buffer
	if err != nil {
		fmt.Fprintf(&b, "error: %s\n", CategoryOf(err))
		return b.Bytes()
	}
	fmt.Fprintf(&b, "feed: %q\nsite: %s\nitems: %d\n", res.FeedTitle, res.FeedLink, len(res.Items))
	// The publisher double-encoded some UTF-8 in this feed ("PeÃ±a" is in
	// the bytes); tipwire keeps what was published.
	mojibakeInSource := filepath.Base(path) == "rsscom-blog-wordpress.rss.xml"
	for _, it := range res.Items {
		assertValidXML(t, it.Title, it.Link, it.GUID, it.Summary, it.Content, it.Author)
		if !mojibakeInSource {
			assertNoMojibake(t, it.Title, it.Summary, it.Content, it.Author)
		}
		fmt.Fprintf(&b, "\n- title: %q\n  link: %s\n  guid: %q\n  date: %s\n",
			it.Title, it.Link, it.GUID, it.Published.Format(time.RFC3339))
	}
	return b.Bytes()
}

// assertValidXML fails on text that could not be republished as is.
func assertValidXML(t *testing.T, fields ...string) {
	t.Helper()
	for _, s := range fields {
		if !utf8.ValidString(s) || sanitize.StripInvalidXML(s) != s {
			t.Errorf("field has invalid UTF-8 or XML characters: %q", s)
		}
	}
}

// assertNoMojibake fails on the marks of a wrong decoding: replacement
// characters, and UTF-8 read as Latin-1 ("Ã©" for "é").
func assertNoMojibake(t *testing.T, fields ...string) {
	t.Helper()
	for _, s := range fields {
		if strings.Contains(s, "\uFFFD") || strings.Contains(s, "Ã") || strings.Contains(s, "â€") {
			t.Errorf("field looks like mojibake: %q", s)
		}
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the parse:\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
