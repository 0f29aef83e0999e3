package cluster

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestUnrelatedNewsNeverSame compares every pair of the real news items
// kept for the relevance tests (trafficking reports and their look-alikes,
// each of its own event unless its note names another outlet's report or
// a copy),
// undated so that no date can keep them apart.
func TestUnrelatedNewsNeverSame(t *testing.T) {
	items := readItems(t, "../testdata/relevance-dev.jsonl")
	docs := make([]Doc, len(items))
	for i, it := range items {
		docs[i] = NewDoc(it.Title, it.Summary)
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			copies := sameStory(items[i]) && sameStory(items[j])
			if v := Compare(docs[i], docs[j]); v.Same && !copies {
				t.Errorf("%q and %q are %s", items[i].Title, items[j].Title, v.Explain())
			}
		}
	}
	t.Logf("%d items compared pairwise", len(items))
}

// sameStory says the item's note names another item of the file as a
// report of its event, or as a copy of it.
func sameStory(it devItem) bool {
	return strings.Contains(it.Note, "cross-source cluster") || strings.HasPrefix(it.Note, "DUPLICATE")
}

// readItems reads the title and summary of each line of a JSON Lines file.
func readItems(t *testing.T, path string) []devItem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []devItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var it devItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return out
}
