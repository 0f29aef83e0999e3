package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func render(t *testing.T, format string, meta FeedMeta, items []tipwire.Item) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, format, meta, items); err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestRenderGolden(t *testing.T) {
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, FeedMetaFor(testOptions(), "", format), testItems())
			path := filepath.Join("testdata", "golden", "feed."+format)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", format, path, got)
			}
		})
	}
}

// Atom structures for reading our output back.
type atomDoc struct {
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Author  string `xml:"author>name"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		ID         string `xml:"id"`
		Title      string `xml:"title"`
		Updated    string `xml:"updated"`
		Published  string `xml:"published"`
		Content    string `xml:"content"`
		Author     string `xml:"author>name"`
		Categories []struct {
			Term   string `xml:"term,attr"`
			Scheme string `xml:"scheme,attr"`
			Label  string `xml:"label,attr"`
		} `xml:"category"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

type rssDocIn struct {
	Version string `xml:"version,attr"`
	Channel struct {
		Title string `xml:"title"`
		// Both <link> and <atom:link> land here: a tag without a namespace
		// matches any.
		Links       []string `xml:"link"`
		Description string   `xml:"description"`
		Items       []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			Guid  struct {
				ID          string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			Description string   `xml:"description"`
			PubDate     string   `xml:"pubDate"`
			Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories  []string `xml:"category"`
		} `xml:"item"`
	} `xml:"channel"`
}

type jsonDocIn struct {
	Version string `json:"version"`
	Title   string `json:"title"`
	FeedURL string `json:"feed_url"`
	HomeURL string `json:"home_page_url"`
	Items   []struct {
		ID            string   `json:"id"`
		URL           string   `json:"url"`
		Title         string   `json:"title"`
		ContentHTML   string   `json:"content_html"`
		DatePublished string   `json:"date_published"`
		DateModified  string   `json:"date_modified"`
		Tags          []string `json:"tags"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
	} `json:"items"`
}

func TestRenderAtomEntries(t *testing.T) {
	out := render(t, FormatAtom, FeedMetaFor(taggedOptions(), "", FormatAtom), taggedItems())
	var doc atomDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("atom does not parse: %v", err)
	}
	if doc.ID != "http://tipwire.test/feed.atom" || doc.Author != "tipwire" {
		t.Errorf("feed id %q author %q", doc.ID, doc.Author)
	}
	// Newest change is the second outlet of the first item.
	if doc.Updated != "2025-01-10T11:15:00Z" {
		t.Errorf("feed updated = %q", doc.Updated)
	}
	rels := map[string]string{}
	for _, l := range doc.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != "http://tipwire.test/feed.atom" || rels["alternate"] != "http://tipwire.test/" {
		t.Errorf("feed links = %v", rels)
	}
	if len(doc.Entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(doc.Entries))
	}
	e := doc.Entries[0]
	if e.ID != tipwire.ItemID(keyScam) || doc.Entries[1].ID != tipwire.ItemID(keyRescue) {
		t.Errorf("entry ids %q, %q", e.ID, doc.Entries[1].ID)
	}
	if e.Published != "2025-01-10T01:00:00Z" || e.Updated != "2025-01-10T09:30:00Z" {
		t.Errorf("published %q updated %q", e.Published, e.Updated)
	}
	for _, want := range []string{"scam compounds", "Reported by:", `<a href="https://mekong.example.com/story/42">Mekong Daily</a>`, "Example Wire"} {
		if !strings.Contains(e.Content, want) {
			t.Errorf("entry content lacks %q: %s", want, e.Content)
		}
	}
	var terms []string
	for _, c := range e.Categories {
		terms = append(terms, c.Term+"|"+c.Scheme+"|"+c.Label)
	}
	wantTerms := "trafficking|http://tipwire.test/topics/|Human trafficking news " +
		"cambodia|http://tipwire.test/topics/|Cambodia " +
		"KH|http://tipwire.test/countries/|Cambodia " +
		"labour|http://tipwire.test/tags/|Labour exploitation " +
		"forced-criminality|http://tipwire.test/tags/|Forced criminality"
	if got := strings.Join(terms, " "); got != wantTerms {
		t.Errorf("categories = %q, want %q", got, wantTerms)
	}
	related := "http://tipwire.test/stories/" + keyScam
	if len(e.Links) != 2 || e.Links[1].Rel != "related" || e.Links[1].Href != related {
		t.Errorf("entry links %v, want the article then the story page %s", e.Links, related)
	}
	// The unlinked item has no link of its own or at its outlet: no empty
	// href, only its story page.
	if l := doc.Entries[1].Links; len(l) != 1 || l[0].Rel != "related" || doc.Entries[1].Author != "seed corpus" {
		t.Errorf("seed entry links %v author %q", doc.Entries[1].Links, doc.Entries[1].Author)
	}
}

// taggedItems are testItems with the first one tagged with a country and
// two exploitation types.
func taggedItems() []tipwire.Item {
	items := testItems()
	items[0].Tags = []string{"KH", "labour", "forced-criminality"}
	return items
}

// taggedOptions are testOptions that name countries.
func taggedOptions() Options {
	o := testOptions()
	o.CountryName = func(code string) (string, bool) {
		n, ok := map[string]string{"KH": "Cambodia", "TH": "Thailand"}[code]
		return n, ok
	}
	return o
}

func TestRenderRSS(t *testing.T) {
	out := render(t, FormatRSS, FeedMetaFor(testOptions(), "", FormatRSS), testItems())
	var doc rssDocIn
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("rss does not parse: %v", err)
	}
	if doc.Version != "2.0" || !slices.Contains(doc.Channel.Links, "http://tipwire.test/") || doc.Channel.Description == "" {
		t.Errorf("channel: version %q links %q description %q", doc.Version, doc.Channel.Links, doc.Channel.Description)
	}
	if len(doc.Channel.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(doc.Channel.Items))
	}
	it := doc.Channel.Items[0]
	if it.Guid.ID != tipwire.ItemID(keyScam) || it.Guid.IsPermaLink != "false" {
		t.Errorf("guid = %+v", it.Guid)
	}
	if it.Link != "https://news.example.org/asia/cambodia-scam?id=1" || it.Creator != "Jane Reporter" {
		t.Errorf("link %q creator %q", it.Link, it.Creator)
	}
	if it.PubDate != "Fri, 10 Jan 2025 01:00:00 +0000" {
		t.Errorf("pubDate = %q", it.PubDate)
	}
	if !strings.Contains(it.Description, "Mekong Daily") || strings.Join(it.Categories, ",") != "Human trafficking news,Cambodia" {
		t.Errorf("description %q categories %q", it.Description, it.Categories)
	}
	if bytes.Contains(out, []byte("<link></link>")) {
		t.Error("empty <link> element in RSS")
	}
}

func TestRenderJSONFeed(t *testing.T) {
	out := render(t, FormatJSON, FeedMetaFor(taggedOptions(), "cambodia", FormatJSON), taggedItems()[:1])
	var doc jsonDocIn
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("json does not parse: %v", err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.FeedURL != "http://tipwire.test/topics/cambodia.json" || doc.HomeURL != "http://tipwire.test/" {
		t.Errorf("feed: %+v", doc)
	}
	if len(doc.Items) != 1 {
		t.Fatalf("got %d items", len(doc.Items))
	}
	it := doc.Items[0]
	if it.ID != tipwire.ItemID(keyScam) || it.URL == "" || it.Title == "" || it.DatePublished != "2025-01-10T01:00:00Z" || it.DateModified != "2025-01-10T09:30:00Z" {
		t.Errorf("item: %+v", it)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "Jane Reporter" {
		t.Errorf("authors = %+v", it.Authors)
	}
	if strings.Join(it.Tags, ",") != "Human trafficking news,Cambodia,Labour exploitation,Forced criminality" {
		t.Errorf("tags = %q", it.Tags)
	}
	if !strings.Contains(it.ContentHTML, "Mekong Daily") {
		t.Errorf("content_html lacks the outlets: %s", it.ContentHTML)
	}
}

func TestRenderStable(t *testing.T) {
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			meta := FeedMetaFor(testOptions(), "", format)
			a := render(t, format, meta, testItems())
			b := render(t, format, meta, testItems())
			if !bytes.Equal(a, b) {
				t.Error("two renders of the same items differ")
			}
			for _, key := range []string{keyScam, keyRescue} {
				if !bytes.Contains(a, []byte(tipwire.ItemID(key))) {
					t.Errorf("output lacks id %s", tipwire.ItemID(key))
				}
			}
		})
	}
}

func TestRenderEmpty(t *testing.T) {
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			out := render(t, format, FeedMetaFor(testOptions(), "", format), nil)
			if !bytes.Contains(out, []byte("1970-01-01T00:00:00Z")) && !bytes.Contains(out, []byte("01 Jan 1970")) && format != FormatJSON {
				t.Errorf("empty feed does not use the fixed fallback time:\n%s", out)
			}
			if format == FormatJSON && !bytes.Contains(out, []byte(`"items": []`)) {
				t.Errorf("empty JSON feed lacks items: %s", out)
			}
		})
	}
}

func TestRenderHostileText(t *testing.T) {
	items := append(testItems(), hostileItem())
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			out := render(t, format, FeedMetaFor(testOptions(), "", format), items)
			if format == FormatJSON {
				if !json.Valid(out) {
					t.Fatalf("invalid JSON:\n%s", out)
				}
			} else {
				assertWellFormed(t, out)
				if bytes.Contains(out, []byte("<script>")) {
					t.Errorf("raw <script> in %s output", format)
				}
			}
			if bytes.Contains(out, []byte("javascript:")) {
				t.Errorf("javascript: link in %s output", format)
			}
			if !bytes.Contains(out, []byte("Fine outlet")) {
				t.Errorf("hostile item's good outlet missing from %s output", format)
			}
		})
	}
}

// assertWellFormed reads every token with the strict XML decoder.
func assertWellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, "html", FeedMeta{}, testItems())
	if !errors.Is(err, ErrUnknownFormat) || buf.Len() != 0 {
		t.Errorf("Render(html) = %v, wrote %d bytes", err, buf.Len())
	}
}

func TestFeedMetaFor(t *testing.T) {
	tests := []struct {
		name, topic, format   string
		opts                  Options
		id, self, site, title string
	}{
		{"all", "", FormatRSS, testOptions(), "http://tipwire.test/feed.atom", "http://tipwire.test/feed.rss", "http://tipwire.test/", DefaultTitle},
		{"topic", "cambodia", FormatJSON, testOptions(), "http://tipwire.test/topics/cambodia.atom", "http://tipwire.test/topics/cambodia.json", "http://tipwire.test/", DefaultTitle + " — Cambodia"},
		{"defaults", "", FormatAtom, Options{}, DefaultBaseURL + "/feed.atom", DefaultBaseURL + "/feed.atom", DefaultBaseURL + "/", DefaultTitle},
		{"custom title", "", FormatAtom, Options{BaseURL: "https://x.example", Title: "Watch"}, "https://x.example/feed.atom", "https://x.example/feed.atom", "https://x.example/", "Watch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := FeedMetaFor(tt.opts, tt.topic, tt.format)
			if m.ID != tt.id || m.SelfURL != tt.self || m.SiteURL != tt.site || m.Title != tt.title {
				t.Errorf("FeedMetaFor = %+v", m)
			}
			if m.Description == "" || !m.Updated.IsZero() {
				t.Errorf("description %q updated %v", m.Description, m.Updated)
			}
		})
	}
}
