package fetcher

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// itemWant lists expected item fields; empty strings are not checked,
// except summary and content, which are always compared.
type itemWant struct {
	guid, link, canonical, title, summary, content, author, categories string
	published, updated                                                 string
}

func (w itemWant) check(t *testing.T, it tipwire.Item) {
	t.Helper()
	eq := func(field, got, want string, always bool) {
		t.Helper()
		if (want != "" || always) && got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	eq("GUID", it.GUID, w.guid, false)
	eq("Link", it.Link, w.link, false)
	eq("CanonicalURL", it.CanonicalURL, w.canonical, false)
	eq("Title", it.Title, w.title, false)
	eq("Summary", it.Summary, w.summary, true)
	eq("Content", it.Content, w.content, true)
	eq("Author", it.Author, w.author, false)
	eq("Categories", strings.Join(it.Categories, "|"), w.categories, false)
	eq("Published", it.Published.Format(time.RFC3339), w.published, false)
	eq("Updated", it.Updated.Format(time.RFC3339), cmpOr(w.updated, w.published), false)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func parseString(t *testing.T, f *Fetcher, doc, feedURL string, now time.Time) (Result, error) {
	t.Helper()
	return f.Parse(context.Background(), strings.NewReader(doc), feedURL, now)
}

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func rssItems(items ...string) string {
	return `<rss version="2.0"><channel><title>T</title><link>https://site.example/news/</link>` +
		strings.Join(items, "\n") + `</channel></rss>`
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		name, item         string
		published, updated time.Time
	}{
		{"rfc822", `<item><guid>a</guid><pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate></item>`,
			time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
		{"missing falls back to now", `<item><guid>a</guid></item>`, testNow, testNow},
		{"unparsable falls back to now", `<item><guid>a</guid><pubDate>yesterday</pubDate></item>`, testNow, testNow},
		{"year one is missing", `<item><guid>a</guid><pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>`, testNow, testNow},
		{"epoch is missing", `<item><guid>a</guid><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>`, testNow, testNow},
		{"far future clamped", `<item><guid>a</guid><pubDate>Wed, 01 Jan 2099 00:00:00 GMT</pubDate></item>`, testNow, testNow},
		{"near future kept", `<item><guid>a</guid><pubDate>Sun, 02 Jun 2024 12:00:00 GMT</pubDate></item>`,
			time.Date(2024, 6, 2, 12, 0, 0, 0, time.UTC), time.Date(2024, 6, 2, 12, 0, 0, 0, time.UTC)},
		{"dc:date", `<item xmlns:dc="http://purl.org/dc/elements/1.1/"><guid>a</guid><dc:date>2024-05-01T10:00:00Z</dc:date></item>`,
			time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parseString(t, f, rssItems(tt.item), "", testNow)
			if err != nil || len(res.Items) != 1 {
				t.Fatalf("Parse: %v, %d items", err, len(res.Items))
			}
			it := res.Items[0]
			if !it.Published.Equal(tt.published) || !it.Updated.Equal(tt.updated) {
				t.Errorf("published %v updated %v, want %v %v", it.Published, it.Updated, tt.published, tt.updated)
			}
		})
	}
}

func TestParseAtomUpdated(t *testing.T) {
	doc := `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>1</id><title>only updated</title><updated>2024-05-02T09:00:00Z</updated></entry>
<entry><id>2</id><title>updated before published</title><published>2024-05-02T09:00:00Z</published><updated>2024-05-01T09:00:00Z</updated></entry>
</feed>`
	res, err := parseString(t, newTestFetcher(t, Options{}), doc, "", testNow)
	if err != nil || len(res.Items) != 2 {
		t.Fatalf("Parse: %v, %d items", err, len(res.Items))
	}
	want := time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)
	for _, it := range res.Items {
		if !it.Published.Equal(want) || !it.Updated.Equal(want) {
			t.Errorf("%s: published %v updated %v, want both %v", it.Title, it.Published, it.Updated, want)
		}
	}
}

func TestParseLinks(t *testing.T) {
	tests := []struct {
		name, item, feedURL, want string
	}{
		{"absolute", `<link>https://a.example/x</link>`, "", "https://a.example/x"},
		{"relative to site link", `<link>/world/1</link>`, "https://feeds.example/rss.xml", "https://site.example/world/1"},
		{"path-relative to site link", `<link>story.html</link>`, "", "https://site.example/news/story.html"},
		{"whitespace and newline", "<link>\n  https://a.example/ws \n</link>", "", "https://a.example/ws"},
		{"javascript", `<link>javascript:alert(1)</link>`, "", ""},
		{"javascript entity obfuscated", `<link>jAvAsCrIpT&#x3A;alert(1)</link>`, "", ""},
		{"vbscript", `<link>vbscript:msgbox(1)</link>`, "", ""},
		{"data", `<link>data:text/html;base64,PHNjcmlwdD4=</link>`, "", ""},
		{"mailto", `<link>mailto:a@b.example</link>`, "", ""},
		{"spaces encoded", `<link>https://a.example/a b.html</link>`, "", "https://a.example/a%20b.html"},
		{"permalink guid", `<guid isPermaLink="true">https://a.example/g</guid>`, "", "https://a.example/g"},
		{"scheme-relative", `<link>//cdn.example/x</link>`, "", "https://cdn.example/x"},
		{"overlong", `<link>https://a.example/` + strings.Repeat("a", maxLink) + `</link>`, "", ""},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parseString(t, f, rssItems(`<item><title>x</title>`+tt.item+`</item>`), tt.feedURL, testNow)
			if err != nil || len(res.Items) != 1 {
				t.Fatalf("Parse: %v, %d items", err, len(res.Items))
			}
			if got := res.Items[0].Link; got != tt.want {
				t.Errorf("Link = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseRelativeToFeedURL(t *testing.T) {
	doc := `<rss version="2.0"><channel><title>T</title><item><title>x</title><link>post/1</link></item></channel></rss>`
	res, err := parseString(t, newTestFetcher(t, Options{}), doc, "https://feeds.example/a/rss.xml", testNow)
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := res.Items[0].Link, "https://feeds.example/a/post/1"; got != want {
		t.Errorf("Link = %q, want %q", got, want)
	}
	if res.Items[0].CanonicalURL != "https://feeds.example/a/post/1" {
		t.Errorf("CanonicalURL = %q", res.Items[0].CanonicalURL)
	}
}

func TestParseDropsEmptyItems(t *testing.T) {
	doc := rssItems(`<item></item>`, `<item><title> </title><link>javascript:x</link><description>  </description></item>`,
		`<item><guid>only-guid</guid></item>`, `<item><description>only text</description></item>`)
	res, err := parseString(t, newTestFetcher(t, Options{}), doc, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 2 || res.Items[0].GUID != "only-guid" || res.Items[1].Summary != "only text" {
		t.Errorf("kept %+v, want the guid-only and text-only items", res.Items)
	}
}

func TestParseMaxItems(t *testing.T) {
	var items []string
	for _, d := range []string{"03", "05", "01", "04", "02"} {
		items = append(items, `<item><guid>`+d+`</guid><pubDate>Wed, `+d+` May 2024 10:00:00 GMT</pubDate></item>`)
	}
	res, err := parseString(t, newTestFetcher(t, Options{MaxItems: 3}), rssItems(items...), "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range res.Items {
		got = append(got, it.GUID)
	}
	if strings.Join(got, ",") != "03,05,04" {
		t.Errorf("kept %v, want the three newest in document order: 03,05,04", got)
	}
}

func TestParseFieldCaps(t *testing.T) {
	long := strings.Repeat("é", maxContent) // 2 bytes each
	doc := rssItems(`<item><guid>` + strings.Repeat("g", 3*maxGUID) + `</guid><title>` + long[:4*maxTitle] +
		`</title><description>` + long + `</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
		strings.Repeat("<p>a &amp; b</p>", maxContent) + `</content:encoded></item>`)
	res, err := parseString(t, newTestFetcher(t, Options{MaxBody: 64 << 20}), doc, "", testNow)
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("Parse: %v", err)
	}
	it := res.Items[0]
	for name, c := range map[string]struct{ got, limit int }{
		"GUID": {len(it.GUID), maxGUID}, "Title": {len(it.Title), maxTitle},
		"Summary": {len(it.Summary), maxSummary}, "Content": {len(it.Content), maxContent},
	} {
		if c.got == 0 || c.got > c.limit {
			t.Errorf("%s is %d bytes, want 1..%d", name, c.got, c.limit)
		}
	}
	assertValidXML(t, it.Title, it.Summary, it.Content)
	assertNoMojibake(t, it.Title, it.Summary, it.Content)
	if !strings.HasSuffix(it.Content, "</p>") && !strings.HasSuffix(it.Content, "<p>a ") && !strings.HasSuffix(it.Content, "b") {
		t.Errorf("content cut inside markup: %q", it.Content[len(it.Content)-20:])
	}
}

func TestParseInvalidCharacters(t *testing.T) {
	doc := "<rss version=\"2.0\"><channel><title>C\x01ontrol</title><item><guid>g\x00</guid><title>Back\bspace \uFFFE</title>" +
		"<description>NUL\x00 &amp;#1; ESC\x1b</description><author>A\x0bB</author></item></channel></rss>"
	res, err := parseString(t, newTestFetcher(t, Options{}), doc, "", testNow)
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("Parse: %v", err)
	}
	it := res.Items[0]
	if res.FeedTitle != "Control" || it.GUID != "g" || it.Title != "Backspace" || it.Author != "AB" {
		t.Errorf("got feed %q, item %+v", res.FeedTitle, it)
	}
	assertValidXML(t, it.Summary)
}

func TestParseCharsets(t *testing.T) {
	tests := []struct {
		file, feedTitle, itemTitle string
	}{
		{"golem-de-iso-8859-1.rss.xml", "Golem.de", "City Transformer: Startup entwickelt faltbares Elektroauto gegen Parkplatznot"},
		{"lecerclepsy-no-decl-iso-8859-1.rss.xml", "Flux RSS du magazine de psychologie Le Cercle Psy", "La criminalité liée surtout à... l'ennui ?"},
		{"utf16le.rss.xml", "Test feed", "Test feed title 1"},
		{"utf16be.rss.xml", "Test feed", "Test feed title 1"},
		{"windows-1252-euro.rss.xml", "Euro €", ""},
		{"koi8r.rss.xml", "Пример RSS ленты", "Первая новость"},
		{"ibash-windows-1251.rss.xml", "iBash.Org.Ru", "Цитата #17703"},
		{"euc-kr.rss.xml", "년", ""},
		{"rss-utf8-bom.xml", "Feed Title", ""},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/realworld/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := parseString(t, f, string(body), "", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if res.FeedTitle != tt.feedTitle {
				t.Errorf("feed title %q, want %q", res.FeedTitle, tt.feedTitle)
			}
			if tt.itemTitle == "" {
				return
			}
			for _, it := range res.Items {
				if it.Title == tt.itemTitle {
					return
				}
			}
			t.Errorf("no item titled %q", tt.itemTitle)
		})
	}
}

func TestParseUmlautsFromGolem(t *testing.T) {
	body, err := os.ReadFile("testdata/realworld/golem-de-iso-8859-1.rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := parseString(t, newTestFetcher(t, Options{}), string(body), "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range res.Items {
		found = found || strings.ContainsAny(it.Summary, "äöüÜß")
	}
	if !found {
		t.Error("no umlaut in any summary of a German ISO-8859-1 feed")
	}
}

func TestParseErrors(t *testing.T) {
	deep := "<rss><channel>" + strings.Repeat("<x>", maxXMLDepth+1) + strings.Repeat("</x>", maxXMLDepth+1) + "</channel></rss>"
	tests := []struct {
		name, doc string
		want      Category
	}{
		{"deep nesting", deep, CategoryParse},
		{"unknown root", `<opml version="2.0"><body/></opml>`, CategoryNotFeed},
		{"root after 4 KiB of comments", "<!--" + strings.Repeat("c", 5000) + "--><rss version=\"2.0\"><channel><title>late</title></channel></rss>", ""},
		{"doctype with entities", `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "expanded>">]><rss version="2.0"><channel><title>&x;</title></channel></rss>`, ""},
	}
	f := newTestFetcher(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parseString(t, f, tt.doc, "", testNow)
			if got := CategoryOf(err); got != tt.want {
				t.Errorf("category %q (%v), want %q", got, err, tt.want)
			}
			if strings.Contains(res.FeedTitle, "expanded") {
				t.Errorf("entity expanded: %q", res.FeedTitle)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := parseString(t, newTestFetcher(t, Options{MaxBody: 100}), rss2, "file.xml", testNow)
	if CategoryOf(err) != CategoryTooLarge || !strings.Contains(err.Error(), "file.xml") {
		t.Errorf("got %v, want too_large naming file.xml", err)
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := newTestFetcher(t, Options{MaxParses: 1})
	f.parses <- struct{}{} // the only parse slot is taken
	_, err := f.Parse(ctx, strings.NewReader(rss2), "", testNow)
	if CategoryOf(err) != CategoryCanceled {
		t.Errorf("got %v, want canceled", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{rss2, atom1, jsonFeed, `{"version":"https://jsonfeed.org/version/1.1","items":[null]}`,
		"<rss><channel><item><title>\x00</title></item></channel></rss>", "\xff\xfe<\x00r\x00s\x00s\x00>\x00"} {
		f.Add([]byte(s))
	}
	fetcher := New(Options{}, nil)
	f.Fuzz(func(t *testing.T, doc []byte) {
		res, err := fetcher.Parse(context.Background(), strings.NewReader(string(doc)), "https://feeds.example/f", testNow)
		if err != nil {
			if CategoryOf(err) == CategoryUnknown {
				t.Fatalf("uncategorised error %v", err)
			}
			return
		}
		for _, it := range res.Items {
			assertValidXML(t, it.Title, it.GUID, it.Link, it.Summary, it.Content, it.Author)
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q is not http(s)", it.Link)
			}
			if it.Published.IsZero() || it.Published.After(testNow.Add(futureSlack)) {
				t.Fatalf("published %v", it.Published)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	body, err := os.ReadFile("testdata/realworld/dustri-blog-large.rss.xml")
	if err != nil {
		b.Fatal(err)
	}
	f := New(Options{}, nil)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := f.Parse(context.Background(), strings.NewReader(string(body)), "https://dustri.org/b/feed", testNow); err != nil {
			b.Fatal(err)
		}
	}
}
