package e2e

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/seeds"
	"github.com/tipwire/tipwire/store"
)

// TestSeedEntryNamesItsOutlet stores the seed corpus in a real store and
// reads the curated Atom feed over HTTP: the seed article, the first entry a
// new subscriber sees, is authored by its publisher, dated by its sidecar,
// and filed under categories with labels, never under matcher terms.
func TestSeedEntryNamesItsOutlet(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, err := seeds.Items(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].Tags = []string{"KH", "report-data"}
		items[i].Matches = []tipwire.Match{{Topic: "trafficking", Terms: []string{"traffick*", "held"}, Score: 5}}
	}
	if _, err := st.SaveItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(publish.NewHandler(st, publish.Options{
		Topics:      []tipwire.Topic{{Name: "trafficking", Title: "Human trafficking news"}},
		CountryName: func(code string) (string, bool) { return "Cambodia", code == "KH" },
	}, quietLogger()))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entries []struct {
			Title      string `xml:"title"`
			Author     string `xml:"author>name"`
			Published  string `xml:"published"`
			Categories []struct {
				Term   string `xml:"term,attr"`
				Scheme string `xml:"scheme,attr"`
				Label  string `xml:"label,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	if len(feed.Entries) != 1 {
		t.Fatalf("got %d entries, want the seed article", len(feed.Entries))
	}
	e := feed.Entries[0]
	if e.Author != "Voice of America" || e.Published != "2015-07-27T00:00:00Z" {
		t.Errorf("seed entry author %q published %q, want Voice of America on 2015-07-27", e.Author, e.Published)
	}
	var labels []string
	for _, c := range e.Categories {
		if strings.Contains(c.Term, "*") || c.Label == "" || c.Scheme == "" {
			t.Errorf("category %+v: want a scheme and a label, no '*'", c)
		}
		labels = append(labels, c.Label)
	}
	if got, want := strings.Join(labels, "|"), "Human trafficking news|Cambodia|Report or data"; got != want {
		t.Errorf("category labels %q, want %q", got, want)
	}
}
