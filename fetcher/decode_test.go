package fetcher

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

func encodeWith(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return out
}

func TestToUTF8(t *testing.T) {
	const text = `<rss><title>Jürgen, Anaïs €</title></rss>`
	latin1Decl := `<?xml version="1.0" encoding="ISO-8859-1"?>`
	tests := []struct {
		name, body, contentType, want string
	}{
		{"utf-8", text, "", text},
		{"utf-8 bom", "\xEF\xBB\xBF" + text, "", text},
		{"utf-16le bom", encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), text), "", text},
		{"utf-16be bom", encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), text), "", text},
		{"utf-16le no bom", encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), text), "", text},
		{"utf-16be no bom", encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), text), "", text},
		{"declared latin-1", latin1Decl + encodeWith(t, charmap.Windows1252, text), "", latin1Decl + text},
		{"declared latin-1 but utf-8", latin1Decl + text, "", latin1Decl + text},
		{"undeclared latin-1", encodeWith(t, charmap.Windows1252, text), "", text},
		{"declared utf-8 but latin-1", `<?xml version="1.0" encoding="utf-8"?>` + encodeWith(t, charmap.Windows1252, text), "",
			`<?xml version="1.0" encoding="utf-8"?>` + text},
		{"single-quoted declaration", `<?xml version='1.0' encoding='koi8-r'?>` + encodeWith(t, charmap.KOI8R, "<t>Привет</t>"), "",
			`<?xml version='1.0' encoding='koi8-r'?><t>Привет</t>`},
		{"charset from content-type", encodeWith(t, japanese.ShiftJIS, "<t>日本語</t>"), "text/xml; charset=Shift_JIS", "<t>日本語</t>"},
		{"declaration beats content-type", latin1Decl + encodeWith(t, charmap.Windows1252, "<t>é</t>"), "text/xml; charset=koi8-r",
			latin1Decl + "<t>é</t>"},
		{"unknown label falls back", `<?xml version="1.0" encoding="bogus"?>` + encodeWith(t, charmap.Windows1252, "<t>é</t>"), "",
			`<?xml version="1.0" encoding="bogus"?><t>é</t>`},
		{"mostly utf-8 keeps utf-8", "<t>Jürgen café naïve \xff</t>", "", "<t>Jürgen café naïve \uFFFD</t>"},
		{"utf-16 label on 8-bit bytes", `<?xml version="1.0" encoding="utf-16"?><t>` + "\xe9" + `</t>`, "",
			`<?xml version="1.0" encoding="utf-16"?><t>é</t>`},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toUTF8([]byte(tt.body), tt.contentType); got != tt.want {
				t.Errorf("toUTF8 = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, doc string
		kind      docKind
		rest      string // prefix of the returned document
		want      Category
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0">`, kindXML, "<rss", ""},
		{"rdf", "\n<rdf:RDF xmlns:rdf=\"x\">", kindXML, "<rdf:RDF", ""},
		{"atom", "<!-- generator --><?xml-stylesheet href=\"x\"?><feed xmlns=\"y\">", kindXML, "<feed", ""},
		{"doctype with subset", `<!DOCTYPE rss [<!ENTITY a "<b>">]><rss>`, kindXML, "<rss", ""},
		{"bom char", "\uFEFF<rss>", kindXML, "<rss", ""},
		{"json", " {\"version\":1}", kindJSON, "{", ""},
		{"html", "<!doctype html><html lang=en>", 0, "", CategoryHTML},
		{"html body", "<body>", 0, "", CategoryHTML},
		{"unknown root", "<opml>", 0, "", CategoryNotFeed},
		{"text", "Not Found", 0, "", CategoryNotFeed},
		{"json array", "[1,2]", 0, "", CategoryNotFeed},
		{"cdata at top", "<![CDATA[x]]>", 0, "", CategoryNotFeed},
		{"empty", "", 0, "", CategoryEmpty},
		{"only prolog", "<?xml version=\"1.0\"?>\n<!-- x -->\n", 0, "", CategoryEmpty},
		{"unterminated comment", "<!-- x", 0, "", CategoryEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, kind, err := sniff(tt.doc)
			if got := CategoryOf(err); got != tt.want {
				t.Fatalf("category %q (%v), want %q", got, err, tt.want)
			}
			if kind != tt.kind || !strings.HasPrefix(rest, tt.rest) {
				t.Errorf("sniff = %d %q, want %d and a document starting %q", kind, rest, tt.kind, tt.rest)
			}
		})
	}
}

func TestXMLDepthExceeds(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("<a>", n) + strings.Repeat("</a>", n) }
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"shallow", "<rss><channel><item><title>x</title></item></channel></rss>", false},
		{"at limit", nest(10), false},
		{"over limit", nest(11), true},
		{"self-closing do not nest", strings.Repeat("<a/>", 50), false},
		{"siblings do not nest", strings.Repeat("<a>x</a>", 50), false},
		{"markup in cdata ignored", "<a><![CDATA[" + strings.Repeat("<b>", 50) + "]]></a>", false},
		{"markup in comment ignored", "<a><!--" + strings.Repeat("<b>", 50) + "--></a>", false},
		{"quoted > in attribute", `<a title=">">` + nest(9) + "</a>", false},
		{"stray < in text", "<a>" + strings.Repeat("1 < 2 ", 50) + "</a>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := xmlDepthExceeds(tt.doc, 10); got != tt.want {
				t.Errorf("xmlDepthExceeds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTruncateHTML(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"<p>short</p>", 100, "<p>short</p>"},
		{`<p>ab <a href="https://x.example/">link</a></p>`, 10, "<p>ab "},
		{"<p>a &amp; b</p>", 8, "<p>a "},
		{"<p>héllo</p>", 5, "<p>h"},
	}
	for _, tt := range tests {
		if got := truncateHTML(tt.in, tt.n); got != tt.want {
			t.Errorf("truncateHTML(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
