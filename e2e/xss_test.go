package e2e

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire/fetcher"
)

// xssMarkup are HTML payloads: each tries to run script, load active
// content, change the base URL or navigate.
var xssMarkup = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=http://evil.example/x.js></SCRIPT>`,
	`<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>`,
	`<input type="image" formaction="javascript:alert(1)">`,
	`<style>@import 'http://evil.example/x.css';</style>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<img src=x onerror=alert(1)>`,
	`<p onmouseenter="alert(1)">hover</p>`,
	`<details open ontoggle="alert(1)">x</details>`,
	`<body onload=alert(1)>`,
	`<svg onload=alert(1)><circle r=1></circle></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
	`<math href="javascript:alert(1)">x</math>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<a href="javascript:alert(1)">a</a>`,
	`<a href="JaVaScRiPt:alert(1)">a</a>`,
	`<a href="&#106;avascript:alert(1)">a</a>`,
	`<a href="&#x6A;&#x61;vascript&#58;alert(1)">a</a>`,
	`<a href="&#0000106&#0000097vascript:alert(1)">a</a>`,
	`<a href="javascript&colon;alert(1)">a</a>`,
	`<a href=" &#14; javascript:alert(1)">a</a>`,
	`<a href="java&#9;script:alert(1)">a</a>`,
	"<a href=\"java\nscript:alert(1)\">a</a>",
	`<a href="vbscript:msgbox(1)">a</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>`,
	`<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">`,
	`<img srcset="javascript:alert(1) 1x, http://ok.example/a.png 2x">`,
	`<img src="jav&#x09;ascript:alert(1)">`,
	`<link rel="import" href="http://evil.example/x.html">`,
	`<isindex action="javascript:alert(1)" type="image">`,
	`<xss onbeforescriptexecute=alert(1)>x</xss>`,
	`<template><script>alert(1)</script></template>`,
}

// xssURLs are payloads for fields that hold a URL.
var xssURLs = []string{
	"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
	"vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "&#106;avascript:alert(1)",
	"javascript&colon;alert(1)", "\x01javascript:alert(1)", "jav&#x0A;ascript:alert(1)",
}

// xssFeed is one RSS document carrying payload in every field an outlet
// controls, once escaped and once in CDATA. Every item also names a term the
// shipped topics match, so it is published.
func xssFeed(n int, payload string) string {
	esc := html.EscapeString(payload)
	cdata := "<![CDATA[" + strings.ReplaceAll(payload, "]]>", "]]]]><![CDATA[>") + "]]>"
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>%s human trafficking wire</title><link>%s</link><description>%s</description>`, esc, esc, esc)
	// Escaped once, in CDATA, and escaped twice: the feed's own text then
	// decodes to markup, which a reader treating titles as HTML would run.
	for i, v := range []string{esc, cdata, html.EscapeString(esc)} {
		for _, field := range []string{"title", "summary", "content", "author", "category", "link", "enclosure", "guid"} {
			fmt.Fprintf(&b, "<item>%s</item>\n", xssItem(fmt.Sprintf("%d-%d-%s", n, i, field), field, v, esc))
		}
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// xssItem puts v (escaped or CDATA) into field; enclosure URLs go into an
// attribute, so they take the escaped form.
func xssItem(id, field, v, esc string) string {
	f := map[string]string{
		"title":   "Human trafficking story " + id,
		"summary": "Victims of human trafficking rescued.",
		"link":    "https://news.example/" + id,
		"guid":    "xss-" + id,
	}
	extra := ""
	switch field {
	case "title":
		f["title"] = v + " human trafficking " + id
	case "summary", "link", "guid":
		f[field] = v
	case "content":
		extra = "<content:encoded>" + v + "</content:encoded>"
	case "author":
		extra = "<author>" + v + "</author><dc:creator>" + v + "</dc:creator>"
	case "category":
		extra = "<category>" + v + "</category>"
	case "enclosure":
		extra = `<enclosure url="` + esc + `" type="audio/mpeg" length="1"/>`
	}
	if field == "guid" {
		f["link"] = ""
	}
	return fmt.Sprintf(`<title>%s</title><link>%s</link><guid>%s</guid><description>%s</description>%s`,
		f["title"], f["link"], f["guid"], f["summary"], extra)
}

// xmlBaseFeed abuses xml:base: a javascript: base and a cloud metadata base
// under relative links in the entry and inside its content.
const xmlBaseFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//">
<title>Base abuse: human trafficking</title><id>urn:base</id><updated>2026-11-26T12:00:00Z</updated>
<entry><title>Human trafficking base one</title><id>urn:base:1</id><updated>2026-11-26T12:00:00Z</updated>
<link href="story-one"/><content type="html">&lt;a href="more"&gt;more&lt;/a&gt; &lt;img src="pic.png"&gt;</content></entry>
<entry xml:base="http://169.254.169.254/latest/meta-data/"><title>Human trafficking base two</title><id>urn:base:2</id>
<updated>2026-11-26T12:00:00Z</updated><link href="iam/security-credentials/"/>
<content type="html" xml:base="javascript:alert(2)//">&lt;a href="x"&gt;x&lt;/a&gt;</content></entry>
<entry xml:base="vbscript:msgbox(1)//"><title>Human trafficking base three</title><id>urn:base:3</id>
<updated>2026-11-26T12:00:00Z</updated><link href="three"/><summary type="html">&lt;a href="y"&gt;y&lt;/a&gt;</summary></entry>
</feed>`

// controlFeed carries C0 controls, "]]>" and a lone surrogate reference in
// every text field.
const controlFeed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
	"<rss version=\"2.0\"><channel><title>Controls \x01\x08 human trafficking ]]&gt;</title><link>https://c.example/</link><description>d</description>" +
	"<item><title>Human trafficking \x00\x0b\x1b]]&gt; title</title><link>https://c.example/1</link><guid>c-1</guid>" +
	"<description>Human trafficking ]]&gt; &lt;![CDATA[ x ]]&gt; \x02\x7f\u0085 \xef\xbf\xbe tail</description>" +
	"<author>\x1f]]&gt;</author><category>]]&gt;\x0c</category></item>" +
	"<item><title><![CDATA[Human trafficking ]]]]><![CDATA[> \x07 cdata]]></title><link>https://c.example/2</link><guid>c-2</guid>" +
	"<description><![CDATA[<p>]]]]><![CDATA[>\x1b<b>human trafficking</b></p>]]></description></item>" +
	"</channel></rss>"

// TestXSSMatrix publishes every payload in every field through the whole
// pipeline and requires every published document (the curated and topic
// feeds in Atom, RSS and JSON Feed, and the HTML index) to be well-formed
// and free of executable constructs, with only http, https and mailto URLs.
func TestXSSMatrix(t *testing.T) {
	farm := newFarm(t)
	var urls []string
	payloads := append(append([]string{}, xssMarkup...), xssURLs...)
	for i, p := range payloads {
		path := fmt.Sprintf("/xss/%d", i)
		farm.set(path, "application/rss+xml", []byte(xssFeed(i, p)))
		urls = append(urls, farm.url(path))
	}
	farm.set("/base", "application/atom+xml", []byte(xmlBaseFeed))
	farm.set("/controls", "application/rss+xml", []byte(controlFeed))
	urls = append(urls, farm.url("/base"), farm.url("/controls"))

	w := newWorld(t, urls, fetcher.Options{AllowPrivateNetworks: true})
	reps := w.pass(t, 2*time.Minute)
	stored := 0
	for _, u := range urls {
		r := reps[u]
		if r.Err != nil {
			t.Errorf("%s: %v", u, r.Err)
		}
		stored += r.Stats.New
	}
	published := w.published(t)
	t.Logf("%d payloads, %d sources, %d items stored, %d published", len(payloads), len(urls), stored, len(published))
	if len(published) < len(payloads)*4 {
		t.Errorf("only %d items published: the matrix did not reach the outputs", len(published))
	}
	for path, doc := range w.outputs(t) {
		for _, p := range outputProblems(path, doc) {
			t.Errorf("GET %s: %s", path, p)
		}
	}
	for _, u := range urls {
		checkRendered(t, w.savedFor(t, u))
	}
	if n := farm.hitsFor("/latest/meta-data/iam/security-credentials/"); n != 0 {
		t.Errorf("followed an xml:base link %d times", n)
	}
	checkControls(t, w)
}

// checkControls requires the control-character items to be published with
// their text, minus the forbidden characters.
func checkControls(t *testing.T, w *world) {
	t.Helper()
	found := 0
	for _, it := range w.published(t) {
		if strings.HasPrefix(it.Link, "https://c.example/") {
			found++
			if strings.ContainsAny(it.Title+it.Summary+it.Author, "\x00\x01\x07\x0b\x1b\x1f\ufffe") {
				t.Errorf("control character kept in %q / %q", it.Title, it.Summary)
			}
		}
	}
	if found != 2 {
		t.Errorf("%d control-character items published, want 2", found)
	}
}
