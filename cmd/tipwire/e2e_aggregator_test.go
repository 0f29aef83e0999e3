package main

import (
	"context"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

// A Google News item relays the Bangkok Ledger's report: headline and
// outlet only.
const gnewsRSS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>"human trafficking" - Google News</title><link>https://news.google.com/search?q=%22human+trafficking%22&amp;hl=en-US&amp;gl=US&amp;ceid=US:en</link><language>en-US</language><description>Google News</description>
<item><title>Thai police free 23 trafficking victims from Mae Sot brothel - Bangkok Ledger</title><link>https://news.google.com/rss/articles/CBMiO2h0dHBzOi8vbGVkZ2VyLmV4YW1wbGUvbmV3cy8yMDI2LzExLzI2L21hZS1zb3QtYnJvdGhlbC1yYWlk0gEA?oc=5</link><guid isPermaLink="false">CBMiO2h0dHBzOi8vbGVkZ2VyLmV4YW1wbGUvbmV3cy8yMDI2LzExLzI2L21hZS1zb3QtYnJvdGhlbC1yYWlk0gEA</guid><pubDate>Thu, 26 Nov 2026 08:00:00 GMT</pubDate><description>&lt;a href="https://news.google.com/rss/articles/CBMiO2h0dHBzOi8vbGVkZ2VyLmV4YW1wbGUvbmV3cy8yMDI2LzExLzI2L21hZS1zb3QtYnJvdGhlbC1yYWlk0gEA?oc=5" target="_blank"&gt;Thai police free 23 trafficking victims from Mae Sot brothel&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Bangkok Ledger&lt;/font&gt;</description><source url="https://ledger.example">Bangkok Ledger</source></item>
</channel></rss>`

// The outlet's own feed carries the same article with its lead.
const ledgerRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bangkok Ledger</title><link>https://ledger.example/</link><description>d</description>
<item><title>Thai police free 23 trafficking victims from Mae Sot brothel</title>
<link>https://ledger.example/news/2026/11/26/mae-sot-brothel-raid?utm_source=rss</link>
<guid isPermaLink="false">bl-77</guid><pubDate>Thu, 26 Nov 2026 08:00:00 GMT</pubDate>
<description>Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest human trafficking raids this year, officials said.</description></item>
</channel></rss>`

// A wire copy under a headline of its own, with a near-identical lead.
const wireAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Asia Desk</title><id>urn:asia-desk</id>
<updated>2026-11-26T12:00:00Z</updated><link href="https://asiadesk.example/"/>
<entry><title>Women freed in border town brothel raid, officials say</title><id>urn:ad:501</id>
<link href="https://asiadesk.example/thailand/a-501"/><updated>2026-11-26T10:30:00Z</updated>
<summary>Police in Thailand rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday, in one of the largest human trafficking raids this year, officials said.</summary></entry>
</feed>`

const emptyRSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description></channel></rss>`

// The aggregator's thin item arrives first; the outlet's full copy and
// then a wire copy arrive in later passes: one story of three outlets,
// the first named after the outlet the aggregator relayed.
func TestEndToEndAggregatorThenFullCopy(t *testing.T) {
	a, farm, _ := newE2E(t, map[string]feedDoc{
		"/1-gnews.xml":  {"application/rss+xml", gnewsRSS},
		"/2-ledger.xml": {"application/rss+xml", emptyRSS},
		"/3-asia.xml":   {"application/atom+xml", emptyRSS},
	}, "Google News", "Bangkok Ledger", "Asia Desk")
	pass := func(want string) {
		t.Helper()
		reports, err := a.daemon.Pass(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range reports {
			if r.Err != nil {
				t.Fatalf("%s: %v", r.Source.URL, r.Err)
			}
			if s := r.Stats; s.New+s.Duplicate+s.Merged > 0 {
				got = append(got, r.Source.Name)
			}
		}
		if strings.Join(got, ",") != want {
			t.Fatalf("pass stored items of %v, want %s", got, want)
		}
	}
	pass("Google News")
	set := func(path, ct, body string) {
		farm.mu.Lock()
		farm.docs[path] = feedDoc{ct, body}
		farm.mu.Unlock()
	}
	set("/2-ledger.xml", "application/rss+xml", ledgerRSS)
	pass("Bangkok Ledger")
	set("/3-asia.xml", "application/atom+xml", wireAtom)
	pass("Asia Desk")

	_, doc := getFeed(t, a, "/feed.atom")
	if len(doc.Entries) != 1 {
		t.Fatalf("got %d entries, want one story", len(doc.Entries))
	}
	e := doc.Entries[0]
	if e.Title != "Thai police free 23 trafficking victims from Mae Sot brothel" {
		t.Errorf("title %q, want the headline without the aggregator's outlet suffix", e.Title)
	}
	body := e.Content + e.Summary
	for _, outlet := range []string{"Bangkok Ledger", "Asia Desk"} {
		if !strings.Contains(body, outlet) {
			t.Errorf("the entry lacks %q: %s", outlet, body)
		}
	}
	if strings.Contains(body, "Google News") {
		t.Errorf("the entry names the aggregator instead of the outlet: %s", body)
	}
	items, err := a.store.Items(context.Background(), tipwire.ItemQuery{})
	if err != nil || len(items) != 1 || len(items[0].Outlets) != 3 {
		t.Fatalf("stories %+v (%v), want one of three outlets", items, err)
	}
	if o := items[0].Outlets[2]; o.Name != "Asia Desk" || o.Reason != tipwire.MergeNearDuplicate {
		t.Errorf("the wire copy joined as %+v, want a near-duplicate of the lead the outlet's copy brought", o)
	}
}
