package opml_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire/opml"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []opml.Outline
	}{
		{
			name: "nested folders flattened, category from the nearest folder",
			doc: `<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="Top feed" type="rss" xmlUrl="https://a.example/feed"/>
  <outline text="news">
    <outline text="B" type="rss" xmlUrl="https://b.example/rss" htmlUrl="https://b.example/"/>
    <outline text="asia">
      <outline title="C only title" xmlUrl="https://c.example/atom"/>
    </outline>
  </outline>
</body></opml>`,
			want: []opml.Outline{
				{Title: "Top feed", XMLURL: "https://a.example/feed"},
				{Title: "B", XMLURL: "https://b.example/rss", HTMLURL: "https://b.example/", Category: "news"},
				{Title: "C only title", XMLURL: "https://c.example/atom", Category: "asia"},
			},
		},
		{
			name: "category attribute wins over the folder",
			doc: `<opml version="2.0"><body><outline text="folder">
  <outline text="D" xmlUrl="https://d.example/" category="/Boston/Weather"/>
</outline></body></opml>`,
			want: []opml.Outline{{Title: "D", XMLURL: "https://d.example/", Category: "/Boston/Weather"}},
		},
		{
			name: "attribute names in any case, values trimmed, entities decoded",
			doc: `<opml version="1.0"><body>
  <outline TEXT=" E &amp; F " XMLURL=" https://e.example/?a=1&amp;b=2 " htmlurl="https://e.example/"/>
</body></opml>`,
			want: []opml.Outline{{Title: "E & F", XMLURL: "https://e.example/?a=1&b=2", HTMLURL: "https://e.example/"}},
		},
		{
			name: "outlines without xmlUrl are not feeds",
			doc:  `<opml version="2.0"><body><outline text="empty folder"/><outline text="link" type="link" url="https://x.example/"/></body></opml>`,
			want: nil,
		},
		{
			name: "latin-1 declared",
			doc:  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"1.0\"><body><outline text=\"Caf\xe9\" xmlUrl=\"https://cafe.example/\"/></body></opml>",
			want: []opml.Outline{{Title: "Café", XMLURL: "https://cafe.example/"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := opml.Parse(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		wantErr string
	}{
		{"empty", "", "opml: no XML element found"},
		{"not xml", "this is not xml", "opml: no XML element found"},
		{"rss instead of opml", `<rss version="2.0"><channel/></rss>`, "opml: not an OPML document"},
		{"no body", `<opml version="2.0"><head/></opml>`, "opml: document has no <body>"},
		{"truncated", `<opml version="2.0"><body><outline text="a"`, "opml: parse: XML syntax error"},
		{"unknown entity", `<!DOCTYPE opml [<!ENTITY x "boom">]><opml><body><outline text="&x;" xmlUrl="https://x/"/></body></opml>`, "opml: parse: XML syntax error"},
		{"unsupported charset", `<?xml version="1.0" encoding="koi8-r"?><opml><body/></opml>`, `unsupported charset "koi8-r"`},
		{"too deep", strings.Repeat(`<outline text="x">`, 20000), "opml: not an OPML document"},
		{"too deep inside body", `<opml><body>` + strings.Repeat(`<outline text="x">`, 20000) + strings.Repeat(`</outline>`, 20000) + `</body></opml>`, "opml: parse: exceeded max depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := opml.Parse(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Parse = %v, %v; want error containing %q", got, err, tt.wantErr)
			}
		})
	}
}

func TestParseSizeLimit(t *testing.T) {
	head := `<opml version="2.0"><body>`
	pad := strings.Repeat(" ", opml.MaxSize-len(head)-len("</body></opml>"))
	exact := head + pad + "</body></opml>"
	if _, err := opml.Parse(strings.NewReader(exact)); err != nil {
		t.Fatalf("document of exactly MaxSize: %v", err)
	}
	if _, err := opml.Parse(strings.NewReader(exact + " ")); !errors.Is(err, opml.ErrTooLarge) {
		t.Fatalf("document of MaxSize+1: err = %v, want ErrTooLarge", err)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	in := []opml.Outline{
		{Title: "Loose feed", XMLURL: "https://loose.example/feed"},
		{Title: "Wire <A> & \"B\"", XMLURL: "https://news.example/rss?q=%22human+trafficking%22&hl=en", HTMLURL: "https://news.example/", Category: "wire"},
		{Title: "Khmer Times", XMLURL: "https://kt.example/feed/", Category: "southeast-asia"},
		{Title: "Second wire", XMLURL: "https://wire2.example/rss", Category: "wire"},
	}
	var buf bytes.Buffer
	created := time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)
	if err := opml.Write(&buf, "tipwire sources", created, in); err != nil {
		t.Fatalf("Write: %v", err)
	}
	doc := buf.String()
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<opml version="2.0">`,
		`<title>tipwire sources</title>`,
		`<dateCreated>Sun, 01 Mar 2026 12:30:00 +0000</dateCreated>`,
		`type="rss"`,
		`xmlUrl="https://news.example/rss?q=%22human+trafficking%22&amp;hl=en"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("written OPML lacks %s:\n%s", want, doc)
		}
	}
	got, err := opml.Parse(&buf)
	if err != nil {
		t.Fatalf("Parse(Write): %v", err)
	}
	// Feeds come back grouped: uncategorised first, then one folder per
	// category in order of first appearance.
	want := []opml.Outline{in[0], in[1], in[3], in[2]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip =\n%#v\nwant\n%#v", got, want)
	}
}

func TestWriteOmitsZeroDateAndTitlesByURL(t *testing.T) {
	var buf bytes.Buffer
	err := opml.Write(&buf, "t", time.Time{}, []opml.Outline{{XMLURL: "https://untitled.example/"}})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if strings.Contains(buf.String(), "dateCreated") {
		t.Errorf("zero date written:\n%s", buf.String())
	}
	got, err := opml.Parse(&buf)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(got) != 1 || got[0].Title != "https://untitled.example/" {
		t.Errorf("untitled feed came back as %#v, want its URL as title", got)
	}
}

func TestWriteRejectsEmptyURL(t *testing.T) {
	err := opml.Write(&bytes.Buffer{}, "t", time.Time{}, []opml.Outline{{Title: "ok", XMLURL: "https://x/"}, {Title: "bad"}})
	if err == nil || !strings.Contains(err.Error(), "outlines[1] (bad): empty XMLURL") {
		t.Fatalf("Write = %v, want error naming outlines[1]", err)
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts
// survives Write and a second Parse unchanged (up to grouping by category).
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<opml version="2.0"><body><outline text="a"><outline text="b" xmlUrl="https://b/"/></outline></body></opml>`))
	f.Add([]byte(`<opml><body><outline text="x" xmlUrl="u" category="c"><outline xmlUrl="v"/></outline></body></opml>`))
	if seeds, err := filepath.Glob("testdata/*.opml"); err == nil {
		for _, p := range seeds {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := opml.Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := opml.Write(&buf, "fuzz", time.Time{}, first); err != nil {
			t.Fatalf("Write of parsed outlines: %v", err)
		}
		second, err := opml.Parse(&buf)
		if err != nil {
			t.Fatalf("Parse of written outlines: %v\n%s", err, buf.String())
		}
		if want := grouped(first); !reflect.DeepEqual(second, want) {
			t.Fatalf("round trip changed outlines:\n got %#v\nwant %#v", second, want)
		}
	})
}

// grouped is the order Write puts outlines in, with the titles it fills in.
func grouped(in []opml.Outline) []opml.Outline {
	var out []opml.Outline
	var cats []string
	seen := map[string]bool{}
	for _, o := range in {
		if o.Title == "" {
			o.Title = o.XMLURL
		}
		if o.Category == "" {
			out = append(out, o)
		} else if !seen[o.Category] {
			seen[o.Category] = true
			cats = append(cats, o.Category)
		}
	}
	for _, c := range cats {
		for _, o := range in {
			if o.Category == c {
				if o.Title == "" {
					o.Title = o.XMLURL
				}
				out = append(out, o)
			}
		}
	}
	return out
}
