package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
	"github.com/tipwire/tipwire/seeds"
)

// TestContentHashUnchanged: the content hash, and so the key of an item
// stored without a link or GUID, is the one earlier releases computed, for
// every item of the repository's feeds, labelled sets and seed corpus, and
// for hostile fragments. Databases hold these keys; a changed hash would
// store a second copy of an item already there. legacyContentHash is the
// computation as it was before the text package existed.
func TestContentHashUnchanged(t *testing.T) {
	items := fixtureItems(t)
	if len(items) < 500 {
		t.Fatalf("only %d items to compare: the fixtures moved?", len(items))
	}
	var h hasher
	for _, it := range items {
		if got, want := h.contentHash(it), legacyContentHash(it); got != want {
			t.Errorf("content hash of %q changed: %s, was %s", it.Title, got, want)
		}
	}
}

// fixtureItems returns the items of the fetcher's test feeds as the
// fetcher hands them to the store, of the labelled sets and seed corpus,
// and fragments that sanitised HTML can hold.
func fixtureItems(t *testing.T) []tipwire.Item {
	t.Helper()
	items := feedItems(t)
	for _, f := range []string{"relevance-dev.jsonl", "relevance-multilingual.jsonl", "stories-dev.jsonl"} {
		items = append(items, labelledItems(t, filepath.Join("..", "testdata", f))...)
	}
	corpus, err := seeds.Items(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	items = append(items, corpus...)
	for _, s := range []string{"", "<p></p>", "AT&amp;T &lt;b&gt;", "a<br>b", "<p>Chad</p><p>Niger</p>",
		"मानव तस्करी", "cafe\u0301 Ärger İSTANBUL", "traf\u00ADficking", "<a href=\"x\" title=\"y\">link</a> O'Brien’s",
		"&amp;lt;script&amp;gt;", "ค้ามนุษย์ 拐卖", "2,200 arrested; 3.5%"} {
		items = append(items, tipwire.Item{Title: html.UnescapeString(s), Summary: s, Content: s + " more"})
	}
	return items
}

func feedItems(t *testing.T) []tipwire.Item {
	t.Helper()
	f := fetcher.New(fetcher.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(f.Close)
	var items []tipwire.Item
	for _, dir := range []string{"realworld", "aggregator", "hostile"} {
		paths, err := filepath.Glob(filepath.Join("..", "fetcher", "testdata", dir, "*.*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			doc, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := f.Parse(context.Background(), strings.NewReader(string(doc)), "https://feeds.example/f", time.Unix(0, 0))
			if err != nil {
				continue // the hostile ones are rejected, as they should be
			}
			items = append(items, res.Items...)
		}
	}
	return items
}

func labelledItems(t *testing.T, path string) []tipwire.Item {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []tipwire.Item
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct{ Title, Summary string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		items = append(items, tipwire.Item{Title: l.Title, Summary: l.Summary})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

func legacyContentHash(it tipwire.Item) string {
	buf := legacyWords(nil, it.Title)
	buf = append(buf, '\n')
	buf = legacyWords(buf, legacyPlainText(it.Summary))
	buf = append(buf, '\n')
	buf = legacyWords(buf, legacyPlainText(it.Content))
	if len(buf) == 2 {
		return ""
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

func legacyWords(buf []byte, s string) []byte {
	inWord, first := false, true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			inWord = false
			continue
		}
		if !inWord && !first {
			buf = append(buf, ' ')
		}
		inWord, first = true, false
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	return buf
}

func legacyPlainText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return fragment
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(fragment, '<')
		if i < 0 {
			b.WriteString(fragment)
			break
		}
		b.WriteString(fragment[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(fragment[i:], '>')
		if j < 0 {
			break
		}
		fragment = fragment[i+j+1:]
	}
	return html.UnescapeString(b.String())
}
