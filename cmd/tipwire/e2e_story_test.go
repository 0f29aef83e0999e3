package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// Three outlets carry one wire story under their own URLs and headlines,
// each next to a story of its own.
const storyRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bangkok Ledger</title><link>https://ledger.example/</link><description>d</description>
<item><title>Thai police free 23 trafficking victims from Mae Sot brothel</title>
<link>https://ledger.example/news/2026/11/26/mae-sot-brothel-raid?utm_source=rss</link>
<guid isPermaLink="false">bl-77</guid><pubDate>Thu, 26 Nov 2026 08:00:00 GMT</pubDate>
<description>Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest human trafficking raids this year, officials said.</description></item>
<item><title>Fishermen describe forced labour at sea</title>
<link>https://ledger.example/news/forced-labour-at-sea</link>
<guid isPermaLink="false">bl-78</guid><pubDate>Thu, 26 Nov 2026 09:00:00 GMT</pubDate>
<description>Survivors of human trafficking on fishing boats describe debt bondage.</description></item>
</channel></rss>`

const storyAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Asia Desk</title><id>urn:asia-desk</id>
<updated>2026-11-26T12:00:00Z</updated><link href="https://asiadesk.example/"/>
<entry><title>23 women rescued in Mae Sot human trafficking raid</title><id>urn:ad:501</id>
<link href="https://asiadesk.example/thailand/a-501"/><updated>2026-11-26T08:30:00Z</updated>
<summary>Police in Thailand rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday, in one of the largest human trafficking raids this year, officials said.</summary></entry>
<entry><title>Police arrest man in Manila on human trafficking charges</title><id>urn:ad:502</id>
<link href="https://asiadesk.example/philippines/a-502"/><updated>2026-11-26T09:30:00Z</updated>
<summary>Police in Manila arrested a man on suspicion of human trafficking, a spokesman said.</summary></entry>
</feed>`

const storyJSON = `{"version":"https://jsonfeed.org/version/1.1","title":"Gulf Monitor","home_page_url":"https://gulf.example/",
"items":[
 {"id":"gm-9","url":"https://amp.gulf.example/world/asia/mae-sot/amp","title":"Mae Sot Raid: Police Rescue 23 Trafficking Victims","content_text":"Thai police rescued 23 women including six minors from a brothel in the border town of Mae Sot in one of the largest human trafficking raids this year, officials said on Wednesday.","date_published":"2026-11-26T10:45:00Z"},
 {"id":"gm-10","url":"https://gulf.example/world/bangkok-arrest","title":"Police arrest man in Bangkok on human trafficking charges","content_text":"Police in Bangkok arrested a man on suspicion of human trafficking, a spokesman said.","date_published":"2026-11-26T11:15:00Z"}
]}`

func TestEndToEndOneEntryPerStory(t *testing.T) {
	a, _, _ := newE2E(t, map[string]feedDoc{
		"/atom.xml":  {"application/atom+xml", storyAtom},
		"/feed.json": {"application/feed+json", storyJSON},
		"/rss.xml":   {"application/rss+xml", storyRSS},
	}, "Asia Desk", "Gulf Monitor", "Bangkok Ledger")
	reports, err := a.daemon.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	merged := 0
	for _, r := range reports {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Source.URL, r.Err)
		}
		merged += r.Stats.Merged
	}
	if merged != 2 {
		t.Errorf("%d copies joined a stored story, want 2 (the second and third outlet)", merged)
	}
	rec, doc := getFeed(t, a, "/feed.atom")
	if rec.Code != http.StatusOK {
		t.Fatalf("/feed.atom: %d %s", rec.Code, rec.Body)
	}
	var maeSot []string
	for _, e := range doc.Entries {
		if strings.Contains(e.Title, "Mae Sot") {
			maeSot = append(maeSot, e.Content+e.Summary)
		}
	}
	// Mae Sot once; forced labour; the Manila and Bangkok arrests apart.
	if len(maeSot) != 1 || len(doc.Entries) != 4 {
		t.Fatalf("got %d entries (%d about Mae Sot), want 4 with one Mae Sot story", len(doc.Entries), len(maeSot))
	}
	for _, outlet := range []string{"Bangkok Ledger", "Asia Desk", "Gulf Monitor", "also reported by"} {
		if !strings.Contains(maeSot[0], outlet) {
			t.Errorf("the Mae Sot entry lacks %q: %s", outlet, maeSot[0])
		}
	}
	page, _ := getFeed(t, a, "/")
	if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "near-duplicate") {
		t.Errorf("the HTML index (%d) does not say why the copies were merged", page.Code)
	}
}
