package fetcher

import (
	"context"
	"strings"
	"testing"
)

// TestContentRepeatingDescription: a content equal to the description is
// sanitised once, and gives what sanitising it would, truncation included.
func TestContentRepeatingDescription(t *testing.T) {
	long := "<p>" + strings.Repeat("word ", maxSummary/5+100) + "</p>"
	tests := []struct {
		name, html string
		same       bool // Content == Summary
	}{
		{"short", `<p onclick="x()">Raid <a href="/a">here</a></p>`, true},
		{"longer than the summary cap", long, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>` +
				`<title>T</title><link>https://r.example/</link><item><title>A</title><link>https://r.example/1</link>` +
				`<description><![CDATA[` + tt.html + `]]></description>` +
				`<content:encoded><![CDATA[` + tt.html + `]]></content:encoded></item></channel></rss>`
			f := newTestFetcher(t, Options{})
			res, err := f.Parse(context.Background(), strings.NewReader(doc), "", testNow)
			if err != nil {
				t.Fatal(err)
			}
			it := res.Items[0]
			if want := f.html(tt.html, "https://r.example/1", maxContent); it.Content != want {
				t.Errorf("content %.80q…, want %.80q…", it.Content, want)
			}
			if got := it.Content == it.Summary; got != tt.same {
				t.Errorf("content == summary is %v, want %v (len %d, %d)", got, tt.same, len(it.Content), len(it.Summary))
			}
			if strings.Contains(it.Content, "onclick") {
				t.Errorf("content not sanitised: %.80q", it.Content)
			}
		})
	}
}
