package tags

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/tags.golden from the tagger's output")

// TestTagsGolden holds the tagger's output, one line of tags per item, for
// every corpus item and 3,000 random ones, to testdata/tags.golden: a
// change in how text is split or folded that changes any tag shows here
// as a diff to read, not as a silent shift in the topic feeds.
func TestTagsGolden(t *testing.T) {
	tg := newTagger(t)
	var b strings.Builder
	for _, it := range append(corpus(t), randomItems(t, 7, 3000)...) {
		b.WriteString(strings.Join(tg.Tag(it), " "))
		b.WriteByte('\n')
	}
	path := filepath.Join("testdata", "tags.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(b.String(), "\n")
	for i, w := range strings.Split(string(want), "\n") {
		if i >= len(got) || got[i] != w {
			t.Errorf("item %d: tags %q, golden %q", i, at(got, i), w)
		}
	}
	if n, m := len(got), len(strings.Split(string(want), "\n")); n != m {
		t.Errorf("%d items tagged, golden has %d", n, m)
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}
