package publish

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

type fakeTagCounts []tipwire.TagCount

func (f fakeTagCounts) TagCounts(context.Context) ([]tipwire.TagCount, error) { return f, nil }

func countryName(code string) (string, bool) {
	names := map[string]string{"KH": "Cambodia", "TH": "Thailand", "GE": "Georgia"}
	n, ok := names[code]
	return n, ok
}

func countryHandler(t *testing.T, opts Options) (*Handler, *fakeLister) {
	t.Helper()
	items := testItems()
	items[0].Tags = []string{"KH", "forced-criminality"}
	lister := &fakeLister{items: items}
	opts.CountryName = countryName
	opts.Tags = fakeTagCounts{{Tag: "labour", Stories: 9}, {Tag: "TH", Stories: 1}, {Tag: "KH", Stories: 3}}
	return NewHandler(lister, opts, nil), lister
}

func TestCountryFeeds(t *testing.T) {
	h, lister := countryHandler(t, testOptions())
	for _, tc := range []struct {
		path string
		code int
		tag  string
	}{
		{"/countries/KH.atom", http.StatusOK, "KH"},
		{"/countries/kh.rss", http.StatusOK, "KH"},
		{"/countries/TH.json", http.StatusOK, "TH"},
		{"/countries/ZZ.atom", http.StatusNotFound, ""},
		{"/countries/KH.xml", http.StatusNotFound, ""},
		{"/countries/KH", http.StatusOK, "KH"},
		{"/countries/ZZ", http.StatusNotFound, ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := do(h, http.MethodGet, tc.path, nil)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d", w.Code, tc.code)
			}
			if tc.tag != "" && lister.lastQuery().Tag != tc.tag {
				t.Errorf("query tag %q, want %q", lister.lastQuery().Tag, tc.tag)
			}
		})
	}
	if page := do(h, http.MethodGet, "/countries/KH", nil).Body.String(); !strings.Contains(page, "Cambodia") ||
		!strings.Contains(page, `href="/countries/KH.atom"`) {
		t.Errorf("the country page lacks its name or feed link:\n%s", page)
	}
	var doc atomDoc
	if err := xml.Unmarshal(do(h, http.MethodGet, "/countries/KH.atom", nil).Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "http://tipwire.test/countries/KH.atom" {
		t.Errorf("feed id %q", doc.ID)
	}
	body := do(h, http.MethodGet, "/countries/KH.atom", nil).Body.String()
	for _, want := range []string{
		`<category term="KH" scheme="http://tipwire.test/countries/"`,
		`<category term="forced-criminality" scheme="http://tipwire.test/tags/"`,
		`<title>tipwire: human trafficking news — Cambodia</title>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("country feed lacks %s:\n%s", want, body)
		}
	}
}

func TestCountriesIndex(t *testing.T) {
	h, _ := countryHandler(t, testOptions())
	w := do(h, http.MethodGet, "/countries", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	kh, th := strings.Index(body, "Cambodia</a> (KH)</td><td>3"), strings.Index(body, "Thailand</a> (TH)</td><td>1")
	if kh < 0 || th < 0 || th < kh {
		t.Errorf("index lacks Cambodia 3 before Thailand 1:\n%s", body)
	}
	if strings.Contains(body, "labour") || strings.Contains(body, "Georgia") {
		t.Error("index lists a type tag or a country without stories")
	}
	if !strings.Contains(body, `href="/countries/KH.atom"`) {
		t.Error("index does not link the country feed")
	}
	plain, _ := newTestHandler(t, testItems())
	if w := do(plain, http.MethodGet, "/countries", nil); w.Code != http.StatusNotFound {
		t.Errorf("without CountryName, /countries answers %d", w.Code)
	}
}

// longItem carries the publisher's full text in its summary and content.
func longItem() tipwire.Item {
	it := testItems()[1]
	it.Summary = "<p>" + strings.Repeat("The victim, named in the article, lives at a street address. ", 40) + "</p>"
	it.Content = "<p>FULL-TEXT-MARKER " + strings.Repeat("More paragraphs. ", 200) + "</p>"
	return it
}

func TestSnippetNeverCarriesFullText(t *testing.T) {
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			opts := testOptions()
			snippet := string(render(t, format, FeedMetaFor(opts, "", format), []tipwire.Item{longItem()}))
			if strings.Contains(snippet, "FULL-TEXT-MARKER") || strings.Count(snippet, "street address") > 6 {
				t.Errorf("snippet feed carries more than an excerpt:\n%s", snippet)
			}
			if !strings.Contains(snippet, "The victim") {
				t.Error("snippet feed has no excerpt")
			}
			opts.Content = ContentFull
			full := string(render(t, format, FeedMetaFor(opts, "", format), []tipwire.Item{longItem()}))
			if strings.Count(full, "street address") < 40 {
				t.Error("full mode does not carry the summary")
			}
		})
	}
}

func TestWebSubHubLinks(t *testing.T) {
	opts := testOptions()
	opts.Hubs = []string{"https://hub.example/", "javascript:alert(1)"}
	atom := string(render(t, FormatAtom, FeedMetaFor(opts, "", FormatAtom), testItems()))
	for _, want := range []string{`href="https://hub.example/" rel="hub"`, `href="http://tipwire.test/feed.atom" rel="self"`} {
		if !strings.Contains(atom, want) {
			t.Errorf("atom lacks %s", want)
		}
	}
	rss := string(render(t, FormatRSS, FeedMetaFor(opts, "", FormatRSS), testItems()))
	if !strings.Contains(rss, `<atom:link href="https://hub.example/" rel="hub"></atom:link>`) {
		t.Errorf("rss lacks the hub link:\n%s", rss[:400])
	}
	var jf struct {
		Hubs []struct{ Type, URL string } `json:"hubs"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, FeedMetaFor(opts, "", FormatJSON), testItems()), &jf); err != nil {
		t.Fatal(err)
	}
	if len(jf.Hubs) != 1 || jf.Hubs[0].URL != "https://hub.example/" || jf.Hubs[0].Type != "WebSub" {
		t.Errorf("json hubs = %+v", jf.Hubs)
	}
	if strings.Contains(atom, "javascript") {
		t.Error("an unsafe hub URL was published")
	}
}
