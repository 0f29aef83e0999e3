package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/fetcher"
)

// hostileCase is one line of testdata/hostile/CASES.jsonl.
type hostileCase struct {
	File          string          `json:"file"`
	Category      string          `json:"category"`
	SafeBehaviour string          `json:"safe_behaviour"`
	Expected      json.RawMessage `json:"expected"`
}

func loadCases(t *testing.T) []hostileCase {
	t.Helper()
	fh, err := os.Open("testdata/hostile/CASES.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []hostileCase
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var c hostileCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("CASES.jsonl: %v", err)
		}
		out = append(out, c)
	}
	return out
}

// contentType is what the farm serves a case file as, with extra headers.
func contentType(file string) (string, []string) {
	switch {
	case strings.HasSuffix(file, ".gz"):
		return "application/rss+xml", []string{"Content-Encoding", "gzip"}
	case strings.HasSuffix(file, ".json"):
		return "application/feed+json", nil
	case strings.HasSuffix(file, ".html"):
		return "text/html; charset=utf-8", nil
	}
	return "application/xml", nil
}

// externalRef matches the URL of an external entity or DTD declaration.
var externalRef = regexp.MustCompile(`(SYSTEM|PUBLIC\s+"[^"]*")(\s+)"(https?|file)://[^"]*"`)

// pointAtSentinel rewrites every external entity and DTD URL to the
// sentinel server, so any attempt to fetch one is counted.
func pointAtSentinel(body []byte, sentinel string) []byte {
	return externalRef.ReplaceAll(body, []byte(`$1$2"`+sentinel+`"`))
}

// priorFeed is what a hostile source served before it turned hostile: one
// story the shipped topics publish.
func priorFeed(tag string) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Prior %[1]s</title><link>https://prior.example/</link><description>d</description>
<item><title>Earlier human trafficking story %[1]s</title><link>https://prior.example/%[1]s</link>
<guid isPermaLink="false">prior-%[1]s</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate>
<description>Police rescued victims of human trafficking.</description></item></channel></rss>`, tag)
}

// goodFeed is a bystander source's feed; each later pass adds one story.
func goodFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bystander</title><link>https://good.example/</link><description>d</description>`)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Bystander forced labour report %d</title><link>https://good.example/%d</link><guid>good-%d</guid><description>A modern slavery case.</description></item>`, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// TestHostileCorpus serves every input of CASES.jsonl through the real
// pipeline as the second fetch of a source that had one published story,
// next to a bystander source, and checks the expectation in hostileExpect.
func TestHostileCorpus(t *testing.T) {
	cases := loadCases(t)
	if len(cases) < 74 {
		t.Fatalf("CASES.jsonl has %d lines, want 74", len(cases))
	}
	for _, c := range cases {
		exp, ok := hostileExpect[c.File]
		if !ok {
			t.Errorf("%s: no expectation in hostileExpect (add one line)", c.File)
			continue
		}
		t.Run(c.File, func(t *testing.T) {
			t.Parallel()
			if exp.ref {
				checkReference(t, c, exp)
				return
			}
			runHostile(t, c, exp)
		})
	}
}

func runHostile(t *testing.T, c hostileCase, exp expect) {
	body, err := os.ReadFile(filepath.Join("testdata/hostile", c.File))
	if err != nil {
		t.Fatal(err)
	}
	farm, sentinel := newFarm(t), newFarm(t)
	tag := strings.NewReplacer("/", "-", ".", "-").Replace(c.File)
	farm.set("/hostile", "application/rss+xml", priorFeed(tag))
	farm.set("/good", "application/rss+xml", goodFeed(1))
	hostileURL, goodURL := farm.url("/hostile"), farm.url("/good")
	w := newWorld(t, []string{hostileURL, goodURL}, fetcher.Options{AllowPrivateNetworks: true, Timeout: 30 * time.Second})
	first := w.pass(t, time.Minute)
	if r := first[hostileURL]; r.Err != nil || r.Stats.New != 1 {
		t.Fatalf("first pass: %+v", r)
	}

	ct, hdr := contentType(c.File)
	farm.set("/hostile", ct, pointAtSentinel(body, sentinel.url("/entity")), hdr...)
	farm.set("/good", "application/rss+xml", goodFeed(2))
	rep := w.pass(t, time.Minute)

	h := rep[hostileURL]
	if h.Category != exp.cat {
		t.Errorf("category %q (err %v), want %q\nsafe behaviour: %s", h.Category, h.Err, exp.cat, c.SafeBehaviour)
	}
	if got := w.source(t, hostileURL).State.ErrorCategory; got != exp.cat {
		t.Errorf("stored error category %q, want %q", got, exp.cat)
	}
	if g := rep[goodURL]; g.Err != nil || g.Stats.New != 1 {
		t.Errorf("bystander source: %+v", g)
	}
	if n := sentinel.hitsFor("/entity"); n != 0 {
		t.Errorf("external entity fetched %d times", n)
	}
	saved := w.savedFor(t, hostileURL)[1:]
	if exp.cat != "" && len(saved) != 0 {
		t.Errorf("failed fetch stored %d items", len(saved))
	}
	if exp.items >= 0 && exp.cat == "" && len(saved) != exp.items {
		t.Errorf("%d items stored, want %d", len(saved), exp.items)
	}
	checkPublished(t, w, "Earlier human trafficking story "+tag, "Bystander forced labour report 1")
	checkBounded(t, saved)
	checkRendered(t, saved)
	if exp.check != nil {
		exp.check(t, caseRun{items: saved, rep: h, w: w, file: c.File})
	}
}

// checkPublished requires the given titles among the published items and
// every published document to be safe.
func checkPublished(t *testing.T, w *world, titles ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, it := range w.published(t) {
		have[it.Title] = true
	}
	for _, want := range titles {
		if !have[want] {
			t.Errorf("published items lack %q", want)
		}
	}
	for path, doc := range w.outputs(t) {
		for _, p := range outputProblems(path, doc) {
			t.Errorf("GET %s: %s", path, p)
		}
	}
}

// checkBounded requires every stored field to stay within the fetcher's caps
// and no expanded entity or leaked file to show.
func checkBounded(t *testing.T, items []tipwire.Item) {
	t.Helper()
	for _, it := range items {
		if len(it.Title) > 1<<10 || len(it.Summary) > 64<<10 || len(it.Content) > 256<<10 || len(it.Link) > 4<<10 {
			t.Errorf("item %q: fields of %d/%d/%d/%d bytes exceed the caps", trunc(it.Title), len(it.Title), len(it.Summary), len(it.Content), len(it.Link))
		}
		all := it.Title + it.Summary + it.Content + it.Author
		if strings.Contains(all, "root:x:0:0") || strings.Contains(all, "lollollollol") || strings.Contains(all, "latest-secrets") {
			t.Errorf("item %q: entity expanded", trunc(it.Title))
		}
	}
}

func trunc(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// checkReference compares a gofeed reference parse (*.expected.json) with
// tipwire's parse of the input next to it: the title and item count agree.
func checkReference(t *testing.T, c hostileCase, exp expect) {
	raw, err := os.ReadFile(filepath.Join("testdata/hostile", c.File))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Title   string            `json:"title"`
		Items   []json.RawMessage `json:"items"`
		Entries []json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("reference: %v", err)
	}
	input := strings.TrimSuffix(c.File, ".expected.json") + ".xml"
	res := parseFile(t, input)
	if ref.Title != "" && res.FeedTitle != ref.Title {
		t.Errorf("feed title %q, gofeed reference %q", res.FeedTitle, ref.Title)
	}
	want := len(ref.Items) + len(ref.Entries)
	if exp.items >= 0 {
		want = exp.items // a documented difference, see hostileExpect
	}
	if len(res.Items) != want {
		t.Errorf("%d items, want %d (gofeed reference %d)", len(res.Items), want, len(ref.Items)+len(ref.Entries))
	}
}
