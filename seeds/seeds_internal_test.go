package seeds

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"
)

// corpusSHA256 pins the corpus texts as received. A change here must be a
// deliberate, reviewed replacement of a corpus file, never an edit.
var corpusSHA256 = map[string]string{
	"corpus/voa-cambodia-watch-list-2015.txt": "4418831cbec08f8399f35552e10bd949739ad08db65c97f17239ee3f96dbb5ad",
}

func TestCorpusVerbatim(t *testing.T) {
	names, err := fs.Glob(files, "corpus/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(corpusSHA256) {
		t.Errorf("embedded corpus texts %v, want exactly the %d pinned ones", names, len(corpusSHA256))
	}
	for name, want := range corpusSHA256 {
		data, err := files.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s: sha256 %x, want %s", name, sum, want)
		}
	}
}

func TestExtractBody(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		boilerplate []string
		want        []string
		wantErr     string
	}{
		{
			name:        "boilerplate before and after the title",
			text:        "Skip me\n\nTitle\n\nCaption\nCaption\n\nFirst para.\n\nSecond\nline.",
			boilerplate: []string{"Skip me", "Caption"},
			want:        []string{"First para.", "Second line."},
		},
		{
			name: "CRLF and surrounding blanks",
			text: "\r\nTitle\r\n\r\n  One.  \r\n\r\n\r\nTwo.\r\n",
			want: []string{"One.", "Two."},
		},
		{
			name:        "boilerplate and title words inside the body stay",
			text:        "Title\n\nBody quotes Title.\n\nCaption",
			boilerplate: []string{"Caption"},
			want:        []string{"Body quotes Title.", "Caption"},
		},
		{name: "title missing", text: "Other heading\n\nBody.", wantErr: `title "Title" not found`},
		{name: "no body", text: "Title\n\n", wantErr: "no body after the title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := extractBody(tt.text, "Title", tt.boilerplate)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("extractBody = %q, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("extractBody = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestItemEscapesAndDatesUndated(t *testing.T) {
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	a := Article{ID: "x", Title: "T", Body: strings.Repeat("a", 250) + "\n\nFish & <chips> \"said\" 'he'"}
	it := item(a, now)
	if !it.Published.Equal(now) || !it.Updated.Equal(now) {
		t.Errorf("undated article: Published %v, Updated %v, want %v", it.Published, it.Updated, now)
	}
	if want := "<p>" + strings.Repeat("a", 250) + "</p>"; it.Summary != want {
		t.Errorf("Summary = %q, want only the first paragraph (already %d characters)", it.Summary, 250)
	}
	if want := "<p>Fish &amp; &lt;chips&gt; &#34;said&#34; &#39;he&#39;</p>"; !strings.HasSuffix(it.Content, want) {
		t.Errorf("Content = %q, want it to end with %q", it.Content, want)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"", time.Time{}, false},
		{"2015-07-27", time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC), false},
		{"2015-07-27T10:00:00+07:00", time.Date(2015, 7, 27, 3, 0, 0, 0, time.UTC), false},
		{"27 July 2015", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestMetaValidate(t *testing.T) {
	valid := func() meta {
		return meta{Title: "T", Outlet: "O", Language: "en", SHA256: strings.Repeat("0", 64), Published: "2015-07-27"}
	}
	tests := []struct {
		name    string
		edit    func(*meta)
		wantErr string
	}{
		{"valid", func(*meta) {}, ""},
		{"valid without link or date", func(m *meta) { m.Published = "" }, ""},
		{"no title", func(m *meta) { m.Title = "" }, "title: empty"},
		{"no outlet", func(m *meta) { m.Outlet = "" }, "outlet: empty"},
		{"no language", func(m *meta) { m.Language = "" }, "language: empty"},
		{"short hash", func(m *meta) { m.SHA256 = "abc" }, "sha256:"},
		{"relative link", func(m *meta) { m.Link = "/a/story.html" }, "link:"},
		{"non-http link", func(m *meta) { m.Link = "ftp://voa.example/x" }, "link:"},
		{"bad date", func(m *meta) { m.Published = "July 2015" }, "published:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(&m)
			err := m.validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("validate: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("validate = %v, want error starting %q", err, tt.wantErr)
			}
		})
	}
}
