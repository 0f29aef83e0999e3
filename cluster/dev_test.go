package cluster

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// devItem is a line of testdata/stories-dev.jsonl: a real report and the
// event it reports.
type devItem struct {
	ID, Title, Summary, Cluster, Note string
	Published                         *string
}

func readDev(t *testing.T) []devItem {
	t.Helper()
	f, err := os.Open("../testdata/stories-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []devItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var it devItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		out = append(out, it)
	}
	return out
}

func (it devItem) doc() Doc {
	d := NewDoc(it.Title, it.Summary)
	if it.Published != nil {
		if p, err := time.Parse(time.DateOnly, *it.Published); err == nil {
			d = d.WithDate(p)
		}
	}
	return d
}

// TestDevPairsNeverFalselySame compares every pair of reports of the
// labelled dev set: reports of different events are never the same.
func TestDevPairsNeverFalselySame(t *testing.T) {
	items := readDev(t)
	docs := make([]Doc, len(items))
	// An undated report is dated like its event's earliest dated report,
	// or else like the report before it, as eval --stories replays it: the
	// file lists reports in the order they appeared.
	eventDay := map[string]*string{}
	for _, it := range items {
		if d := eventDay[it.Cluster]; it.Published != nil && (d == nil || *it.Published < *d) {
			eventDay[it.Cluster] = it.Published
		}
	}
	var last *string
	for i, it := range items {
		switch {
		case it.Published != nil:
			last = it.Published
		case eventDay[it.Cluster] != nil:
			it.Published = eventDay[it.Cluster]
		default:
			it.Published = last
		}
		docs[i] = it.doc()
	}
	same, pairs := 0, 0
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			v := Compare(docs[i], docs[j])
			if items[i].Cluster == items[j].Cluster {
				pairs++
				if v.Same {
					same++
				} else if testing.Verbose() {
					t.Logf("apart: %s / %s: %s %q", items[i].ID, items[j].ID, v.Conflict, items[i].Title+" | "+items[j].Title)
				}
				continue
			}
			if v.Same {
				t.Errorf("%s (%s) and %s (%s) are %s (%s %s)", items[i].ID, items[i].Cluster, items[j].ID, items[j].Cluster, v.Reason, v.Evidence, items[i].Title+" | "+items[j].Title)
			}
		}
	}
	t.Logf("%d of %d same-event pairs found the same", same, pairs)
}
