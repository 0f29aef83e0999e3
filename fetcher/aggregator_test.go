package fetcher

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

func TestAggregatorItems(t *testing.T) {
	type want struct {
		outlet, title, summary, canonical string
	}
	tests := []struct {
		file  string
		items []want
	}{
		{"google-news.rss.xml", []want{
			{"Bangkok Post", "Thai police free 23 trafficking victims from Mae Sot brothel", "",
				"https://bangkokpost.com/thailand/general/2912345/mae-sot-brothel-raid"},
			// A cluster of related headlines is links only too.
			{"Reuters", "UN report: record number of children among trafficking victims", "", ""},
			// Only the outlet's suffix goes, not a dash inside the headline.
			{"Al Jazeera English", "Cambodia - Scam compound survivors describe beatings", "", ""},
		}},
		{"bing-news.rss.xml", []want{
			// Bing writes the article's lead: it stays.
			{"Bangkok Post", "Thai police free 23 trafficking victims from Mae Sot brothel",
				"Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest human trafficking raids this year, officials said.",
				"https://bangkokpost.com/thailand/general/2912345/mae-sot-brothel-raid"},
			{"BBC", "Four charged over forced labour at Lincolnshire farm", "Four people have been charged with modern slavery offences after 14 workers were found living in caravans on a farm near Boston, Lincolnshire Police said.", ""},
		}},
	}
	f := New(Options{}, nil)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := os.ReadFile("testdata/aggregator/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := parseString(t, f, string(doc), "https://news.example/feed", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != len(tt.items) {
				t.Fatalf("%d items, want %d", len(res.Items), len(tt.items))
			}
			for i, w := range tt.items {
				it := res.Items[i]
				if it.Outlet != w.outlet || it.Title != w.title || it.Summary != w.summary || it.Content != "" && it.Content != it.Summary {
					t.Errorf("item %d: outlet %q title %q summary %q content %q; want %q %q %q", i, it.Outlet, it.Title, it.Summary, it.Content, w.outlet, w.title, w.summary)
				}
				if w.canonical != "" && it.CanonicalURL != w.canonical {
					t.Errorf("item %d: canonical URL %q, want %q (the outlet's article)", i, it.CanonicalURL, w.canonical)
				}
			}
		})
	}
}

func TestNotAggregated(t *testing.T) {
	f := New(Options{}, nil)
	doc := rssItems(`<item><title>Court jails trafficker - update</title><link>https://site.example/a</link>
		<description>&lt;a href="https://site.example/a"&gt;Read more&lt;/a&gt;</description><dc:source xmlns:dc="http://purl.org/dc/elements/1.1/">Archive</dc:source></item>`)
	res, err := parseString(t, f, doc, "https://site.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	it := res.Items[0]
	if it.Outlet != "" || it.Title != "Court jails trafficker - update" || it.Summary == "" {
		t.Errorf("an outlet's own item changed: outlet %q title %q summary %q", it.Outlet, it.Title, it.Summary)
	}
}

func TestLinkOnly(t *testing.T) {
	tests := []struct {
		desc string
		want bool
	}{
		{`<a href="x">Headline</a>&nbsp;&nbsp;<font color="#6f6f6f">Outlet</font>`, true},
		{`<ol><li><a href="x">One</a> <font>A</font></li><li><a href="y">Two</a> <font>B</font></li></ol>`, true},
		{`Police rescued 23 women. <a href="x">Read more</a>`, false},
		{`plain lead, no link`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := linkOnly(tt.desc); got != tt.want {
			t.Errorf("linkOnly(%q) = %v, want %v", tt.desc, got, tt.want)
		}
	}
}

// FuzzAggregatorText feeds hostile descriptions and titles to the
// aggregator helpers: they never panic, and a title only ever loses a
// suffix.
func FuzzAggregatorText(f *testing.F) {
	f.Add(`<a href="x">Headline</a>&nbsp;<font color="#6f6f6f">Outlet</font>`, "Headline - Outlet", "Outlet")
	f.Add(`<ol><li><a>One</a><font>A</font></li></ol>`, "One – A", "A")
	f.Add(`<font><a>`, " - ", "")
	f.Add("\x00<a\xff>", "\u2014 Outlet", "Outlet")
	f.Fuzz(func(t *testing.T, desc, title, outlet string) {
		_ = linkOnly(desc)
		_ = fontText(desc)
		got := withoutOutlet(title, outlet)
		if got != title && !strings.HasPrefix(strings.TrimLeftFunc(title, unicode.IsSpace), got) {
			t.Errorf("withoutOutlet(%q, %q) = %q: not a cut of the title", title, outlet, got)
		}
		if outlet != "" && got == "" && title != "" {
			t.Errorf("withoutOutlet(%q, %q) left nothing", title, outlet)
		}
	})
}
