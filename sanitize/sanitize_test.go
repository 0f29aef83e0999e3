package sanitize

import (
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// xssMatrix is hostile markup in the shapes feeds carry it; the assertion
// for each is the same: nothing executable and no URL other than http,
// https or mailto survives (see assertSafe).
var xssMatrix = []struct{ name, in string }{
	{"script", `<script>alert(1)</script>hello`},
	{"script uppercase", `<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`},
	{"script in cdata", `<![CDATA[<script>alert(1)</script>]]>`},
	{"script nested split", `<scr<script>ipt>alert(1)</script>`},
	{"script double angle", `<<script>script>alert(1)<</script>/script>`},
	{"script in comment", `<!--<script>alert(1)</script>-->`},
	{"escaped script stays text", `&lt;script&gt;alert(1)&lt;/script&gt;`},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`},
	{"iframe src", `<iframe src="https://evil.example/"></iframe>`},
	{"object data", `<object data="javascript:alert(1)"></object>`},
	{"embed", `<embed src="javascript:alert(1)">`},
	{"javascript href", `<a href="javascript:alert(1)">x</a>`},
	{"javascript mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`},
	{"javascript leading space", `<a href="  javascript:alert(1)">x</a>`},
	{"javascript decimal entities", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`},
	{"javascript padded entities", `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>`},
	{"javascript hex entities", `<a href="&#x6A;avascript&#x3A;alert(1)">x</a>`},
	{"javascript named colon", `<a href="javascript&colon;alert(1)">x</a>`},
	{"javascript tab entity", `<a href="jav&#x09;ascript:alert(1)">x</a>`},
	{"javascript newline", "<a href=\"java\nscript:alert(1)\">x</a>"},
	{"javascript control char", "<a href=\"\x01javascript:alert(1)\">x</a>"},
	{"javascript 0x0e entity", `<a href="&#14;javascript:alert(1)">x</a>`},
	{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`},
	{"data href", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`},
	{"data uppercase", `<a href="DATA:text/html,<script>alert(1)</script>">x</a>`},
	{"img javascript", `<IMG SRC=JaVaScRiPt:alert('XSS')>`},
	{"img data", `<img src="data:image/svg+xml;base64,PHN2Zy8+">`},
	{"img mailto", `<img src="mailto:x@example.com">`},
	{"img onerror", `<img src=x onerror=alert(1)>`},
	{"img srcset", `<img srcset="https://example.com/a.png 1x, javascript:alert(1) 2x" src="https://example.com/a.png">`},
	{"svg onload", `<svg onload=alert(1)><circle r="1"/></svg>`},
	{"svg script", `<svg><script>alert(1)</script></svg>`},
	{"svg a xlink", `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`},
	{"math mxss", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`},
	{"noscript mxss", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`},
	{"base href", `<base href="javascript:alert(1)//"><a href="/x">x</a>`},
	{"form action", `<form action="javascript:alert(1)"><input type="submit"></form>`},
	{"formaction", `<form><button formaction="javascript:alert(1)">x</button></form>`},
	{"input formaction", `<input type="image" formaction="javascript:alert(1)" src="https://example.com/a.png">`},
	{"style import", `<style>@import 'https://evil.example/x.css';</style>text`},
	{"style attribute", `<div style="background:url(javascript:alert(1))">x</div>`},
	{"style expression", `<p style="width:expression(alert(1))">x</p>`},
	{"link stylesheet", `<link rel="stylesheet" href="https://evil.example/x.css">`},
	{"onclick on allowed link", `<a href="https://example.com/" onclick="alert(1)">ok</a>`},
	{"onmouseenter", `<div onmouseenter="alert(1)">x</div>`},
	{"ontoggle", `<details open ontoggle="alert(1)"><summary>x</summary></details>`},
	{"body onload", `<body onload="alert(1)">x</body>`},
	{"unknown element handler", `<xss onafterscriptexecute="alert(1)">x</xss>`},
	{"blockquote cite javascript", `<blockquote cite="javascript:alert(1)">q</blockquote>`},
	{"target blank", `<a href="https://example.com/" target="_blank" rel="opener">x</a>`},
	{"scheme-relative", `<a href="//evil.example/x">x</a>`},
	{"template", `<template><script>alert(1)</script></template>`},
}

func TestHTMLXSSMatrix(t *testing.T) {
	p := New()
	for _, tt := range xssMatrix {
		t.Run(tt.name, func(t *testing.T) {
			out := p.HTML(tt.in)
			assertSafe(t, out)
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Errorf("raw <script in %q", out)
			}
			withBase := p.HTMLWithBase(tt.in, "https://news.example/world/story")
			assertSafe(t, withBase)
		})
	}
}

// assertSafe parses out as a browser would and fails on any element or
// attribute that can run code or load a document, and on any URL whose
// scheme is not http, https or mailto.
func assertSafe(t *testing.T, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "style", "iframe", "frame", "frameset", "object", "embed",
			"applet", "form", "input", "button", "meta", "base", "link", "svg",
			"math", "template", "noscript", "textarea", "select", "details":
			t.Errorf("forbidden element <%s> in %q", n.Data, out)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"), key == "style", key == "srcset",
				key == "srcdoc", key == "formaction", key == "action", key == "target",
				a.Namespace != "":
				t.Errorf("forbidden attribute %s on <%s> in %q", a.Key, n.Data, out)
			case key == "href" || key == "src" || key == "cite":
				assertURL(t, n.Data, key, a.Val, out)
			}
		}
		if n.Data == "a" && hasAttr(n, "href") && attr(n, "rel") != "nofollow noopener noreferrer" {
			t.Errorf("link without rel=\"nofollow noopener noreferrer\" in %q", out)
		}
	}
}

func assertURL(t *testing.T, tag, key, val, out string) {
	t.Helper()
	v := strings.ToLower(val)
	ok := strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://")
	if tag == "a" || tag == "blockquote" {
		ok = ok || strings.HasPrefix(v, "mailto:")
	}
	if !ok {
		t.Errorf("%s=%q on <%s> is not an allowed URL in %q", key, val, tag, out)
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestHTMLKeepsFormatting(t *testing.T) {
	p := New()
	tests := []struct{ name, in, want string }{
		{"paragraph emphasis", `<p><strong>Rescued</strong> <em>victims</em> &amp; <b>b</b></p>`,
			`<p><strong>Rescued</strong> <em>victims</em> &amp; <b>b</b></p>`},
		{"link", `<a href="https://example.com/a?x=1&amp;y=2" title="T">x</a>`,
			`<a href="https://example.com/a?x=1&amp;y=2" title="T" rel="nofollow noopener noreferrer">x</a>`},
		{"mailto link", `<a href="mailto:tips@example.org">mail</a>`,
			`<a href="mailto:tips@example.org" rel="nofollow noopener noreferrer">mail</a>`},
		{"image", `<img src="https://example.com/a.png" alt="A map: Cambodia?" width="300" class="x" id="y">`,
			`<img src="https://example.com/a.png" alt="A map: Cambodia?" width="300">`},
		{"list", `<ul><li>one</li><li>two</li></ul><ol start="3"><li>x</li></ol>`,
			`<ul><li>one</li><li>two</li></ul><ol start="3"><li>x</li></ol>`},
		{"table", `<table><tr><th colspan="2">h</th></tr><tr><td>a</td><td>b</td></tr></table>`,
			`<table><tr><th colspan="2">h</th></tr><tr><td>a</td><td>b</td></tr></table>`},
		{"blockquote", `<blockquote cite="https://example.com/q">said</blockquote>`,
			`<blockquote cite="https://example.com/q">said</blockquote>`},
		{"relative link dropped", `<a href="/story">story</a>`, `story`},
		{"script removed with content", `a<script>alert(1)</script>b`, `ab`},
		{"control characters", "a\x00b\x08c\uFFFEd", `abcd`},
		{"trimmed", "  <p>x</p>\n ", `<p>x</p>`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.HTML(tt.in); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTMLWithBase(t *testing.T) {
	p := New()
	base := "https://news.example/world/asia/story.html"
	tests := []struct{ name, in, base, want string }{
		{"relative href", `<a href="other.html">o</a>`, base,
			`<a href="https://news.example/world/asia/other.html" rel="nofollow noopener noreferrer">o</a>`},
		{"root-relative img", `<img src="/img/a.png" alt="">`, base,
			`<img src="https://news.example/img/a.png" alt="">`},
		{"scheme-relative", `<img src="//cdn.example/a.png">`, base,
			`<img src="https://cdn.example/a.png">`},
		{"absolute untouched", `<a href="https://other.example/">x</a>`, base,
			`<a href="https://other.example/" rel="nofollow noopener noreferrer">x</a>`},
		{"javascript not resolved", `<a href="javascript:alert(1)">x</a>`, base, `x`},
		{"rest kept byte for byte", `<p>A &amp; B</p><a href="x">y</a>`, base,
			`<p>A &amp; B</p><a href="https://news.example/world/asia/x" rel="nofollow noopener noreferrer">y</a>`},
		{"javascript base ignored", `<a href="x">y</a>`, "javascript:alert(1)", `y`},
		{"no base", `<a href="x">y</a>`, "", `y`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.HTMLWithBase(tt.in, tt.base); got != tt.want {
				t.Errorf("HTMLWithBase(%q, %q)\n got %q\nwant %q", tt.in, tt.base, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	p := New()
	tests := []struct{ name, in, want string }{
		{"plain", "Police rescue 40 trafficking victims", "Police rescue 40 trafficking victims"},
		{"tags", "<b>Breaking:</b> raid<br>in Manila", "Breaking: raid in Manila"},
		// Entities decode once, but decoded markup is stripped again:
		// plain text never holds a tag (see TestTextNeverHoldsMarkup).
		{"entities once", "AT&amp;T &lt;b&gt; &#8220;quoted&#8221;", "AT&T “quoted”"},
		{"double encoded stays encoded once", "Fish &amp;amp; Chips", "Fish &amp; Chips"},
		{"less-than text", "5 < 6 and 7 > 3", "5 < 6 and 7 > 3"},
		{"script content removed", "Title<script>alert(1)</script>", "Title"},
		{"style content removed", "<style>p{}</style>Title", "Title"},
		{"whitespace collapsed", "  a\n\t b \u00a0 c  ", "a b c"},
		{"block tags separate words", "<p>one</p><p>two</p>", "one two"},
		{"control characters", "Back\bspace and NUL\x00 and &#1;", "Backspace and NUL and"},
		{"invalid utf8", "caf\xe9 ok", "caf ok"},
		{"rtl text", "<p>پاکستان میں</p>", "پاکستان میں"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripInvalidXML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "Hello, world\t\r\n", "Hello, world\t\r\n"},
		{"c0 controls", "a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"},
		{"del and c1 kept", "a\x7fb\u0085c", "a\x7fb\u0085c"},
		{"noncharacters", "a\uFFFEb\uFFFFc", "abc"},
		{"replacement char kept", "a\uFFFDb", "a\uFFFDb"},
		{"invalid utf8", "a\xffb\xc3", "ab"},
		{"encoded surrogate", "a\xed\xa0\x80b", "ab"},
		{"astral kept", "a😀b", "a😀b"},
		{"multibyte", "Jürgen, 테스트", "Jürgen, 테스트"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripInvalidXML(tt.in); got != tt.want {
				t.Errorf("StripInvalidXML(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPolicyConcurrent(t *testing.T) {
	p := New()
	want := p.HTML(xssMatrix[0].in)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, tt := range xssMatrix {
				p.HTML(tt.in)
				p.Text(tt.in)
			}
			if got := p.HTML(xssMatrix[0].in); got != want {
				t.Errorf("concurrent HTML = %q, want %q", got, want)
			}
		})
	}
	wg.Wait()
}

func FuzzHTML(f *testing.F) {
	for _, tt := range xssMatrix {
		f.Add(tt.in)
	}
	p := New()
	f.Fuzz(func(t *testing.T, in string) {
		out := p.HTMLWithBase(in, "https://news.example/a/b")
		assertSafe(t, out)
		if StripInvalidXML(out) != out {
			t.Fatalf("output has invalid XML characters: %q", out)
		}
		if txt := p.Text(in); StripInvalidXML(txt) != txt {
			t.Fatalf("Text output has invalid XML characters: %q", txt)
		}
	})
}

func BenchmarkHTML(b *testing.B) {
	p := New()
	in := strings.Repeat(`<p>Police in <a href="/x">Manila</a> rescued <b>40</b> people &amp; arrested 3.</p>`, 20)
	for b.Loop() {
		p.HTMLWithBase(in, "https://news.example/a")
	}
}
