package publish

import (
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

func TestMergeWhy(t *testing.T) {
	tests := []struct {
		o    tipwire.Outlet
		want string
	}{
		{tipwire.Outlet{Name: "first"}, ""},
		{tipwire.Outlet{Reason: tipwire.MergeSameURL}, "same canonical URL"},
		{tipwire.Outlet{Reason: tipwire.MergeNearDuplicate, Similarity: 0.826}, "near-duplicate, 83% similar"},
	}
	for _, tt := range tests {
		if got := mergeWhy(tt.o); got != tt.want {
			t.Errorf("mergeWhy(%+v) = %q, want %q", tt.o, got, tt.want)
		}
	}
}

func TestEntryHTMLAlsoReportedBy(t *testing.T) {
	it := tipwire.Item{Title: "t", Outlets: []tipwire.Outlet{
		{Name: "A", Link: "https://a.example/1"},
		{Name: "B", Link: "https://b.example/2", Reason: tipwire.MergeNearDuplicate, Similarity: 0.8},
		{Name: "C"},
	}}
	got := entryHTML(&it, "t", "")
	want := `<p>Reported by: <a href="https://a.example/1">A</a>; also reported by <a href="https://b.example/2">B</a>, C</p>`
	if !strings.Contains(got, want) {
		t.Errorf("entryHTML = %s\nwant it to contain %s", got, want)
	}
}
