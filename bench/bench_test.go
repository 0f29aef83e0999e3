package bench

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/cluster"
	"github.com/tipwire/tipwire/text"
)

func TestSpecExpected(t *testing.T) {
	tests := []struct {
		spec Spec
		want int
	}{
		{Spec{Feeds: 5, Items: 3}, 15},
		{Spec{Feeds: 1000, Items: 50, Shared: 0.2}, 1000*40 + 1000*10/5},
		{Spec{Feeds: 2, Items: 10, Shared: 1}, 10}, // two feeds carrying the same ten stories
	}
	for _, tt := range tests {
		if got := tt.spec.Expected(); got != tt.want {
			t.Errorf("%+v: Expected() = %d, want %d", tt.spec, got, tt.want)
		}
	}
}

func TestFarmDeterministic(t *testing.T) {
	spec := Spec{Feeds: 3, Items: 4, DescBytes: 300, Shared: 0.5}
	a, b := NewFarm(spec).Feed(2), NewFarm(spec).Feed(2)
	if !bytes.Equal(a, b) {
		t.Fatal("the same spec generated different bytes")
	}
	if n := strings.Count(string(a), "<item>"); n != 4 {
		t.Errorf("%d items, want 4", n)
	}
	if !strings.Contains(string(a), "utm_source=outlet2") {
		t.Error("shared stories carry no tracking parameters")
	}
}

func TestFarmRelevantShare(t *testing.T) {
	for _, share := range []float64{0, 0.02, 0.2, 0.5, 1} {
		spec := Spec{Feeds: 50, Items: 40, DescBytes: 10, Relevant: share}
		n := 0
		for i := range spec.Feeds {
			n += strings.Count(string(NewFarm(spec).Feed(i)), "human trafficking")
		}
		if got := float64(n) / float64(spec.Feeds*spec.Items); got < share*0.8 || got > share*1.2 {
			t.Errorf("relevant share %.2f: %.3f of the items are on topic", share, got)
		}
	}
}

// TestRun runs the whole benchmark on a tiny farm: every distinct story
// must be stored once, the second pass must be all 304, and the floor must
// insert every item it was given.
func TestRun(t *testing.T) {
	for _, spec := range []Spec{
		{Feeds: 5, Items: 3, DescBytes: 200, Relevant: 0.5},
		{Feeds: 6, Items: 5, DescBytes: 200, Shared: 0.4, Relevant: 0.2},
	} {
		topics := []tipwire.Topic{{Name: "trafficking", Any: []string{"human trafficking"}}}
		res, err := Run(context.Background(), Config{Spec: spec, Workers: 4, Topics: topics, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stored != spec.Expected() {
			t.Errorf("%+v: stored %d, want %d", spec, res.Stored, spec.Expected())
		}
		if res.First.Items != spec.Feeds*spec.Items {
			t.Errorf("%+v: the fetcher delivered %d items, want %d", spec, res.First.Items, spec.Feeds*spec.Items)
		}
		if res.Second.Summary.NotModified != spec.Feeds {
			t.Errorf("%+v: second pass %+v, want all %d not modified", spec, res.Second.Summary, spec.Feeds)
		}
		if res.First.Summary.Matched == 0 {
			t.Errorf("%+v: nothing matched the topic", spec)
		}
		if res.Floor.Items != spec.Feeds*spec.Items {
			t.Errorf("%+v: floor inserted %d, want %d", spec, res.Floor.Items, spec.Feeds*spec.Items)
		}
	}
}

// TestFarmVocabulary checks what the farm's text costs the story
// clustering: unrelated stories look as unlike each other as news does by
// default, and alike with SmallVocabulary, the worst case.
func TestFarmVocabulary(t *testing.T) {
	for _, c := range []struct {
		small    bool
		min, max float64 // mean word similarity of two unrelated stories
	}{{false, 0.01, 0.08}, {true, 0.2, 0.4}} {
		farm := NewFarm(Spec{Feeds: 2, Items: 40, DescBytes: 2048, SmallVocabulary: c.small})
		var docs []cluster.Doc
		for _, body := range farm.Bodies() {
			for _, m := range regexp.MustCompile(`(?s)<title>([^<]*)</title>.*?<!\[CDATA\[(.*?)\]\]>`).FindAllStringSubmatch(string(body), -1) {
				lead := text.PlainText(m[2])
				docs = append(docs, cluster.NewDoc(m[1], lead[:min(len(lead), 1024)]))
			}
		}
		if len(docs) != 80 {
			t.Fatalf("found %d items in the farm's feeds, want 80", len(docs))
		}
		var sum float64
		n := 0
		for i := range docs {
			for j := i + 1; j < len(docs); j++ {
				sum += cluster.Compare(docs[i], docs[j]).Similarity
				n++
			}
		}
		if mean := sum / float64(n); mean < c.min || mean > c.max {
			t.Errorf("small vocabulary %v: mean similarity %.3f, want %.2f to %.2f", c.small, mean, c.min, c.max)
		}
	}
}
