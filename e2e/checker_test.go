package e2e

import (
	"html"
	"testing"
)

// TestCheckerCatchesPayloads proves the output checks can fail: every XSS
// payload, republished verbatim, is caught in an HTML page, in Atom or RSS
// text and in JSON Feed content_html.
func TestCheckerCatchesPayloads(t *testing.T) {
	for _, p := range xssMarkup {
		if len(htmlProblems("<!doctype html><body>"+p)) == 0 {
			t.Errorf("HTML page: %q not caught", p)
		}
		atom := `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">` + html.EscapeString(p) + `</content></entry></feed>`
		if len(xmlProblems([]byte(atom))) == 0 {
			t.Errorf("Atom: %q not caught", p)
		}
	}
	for _, u := range xssURLs {
		doc := `<a href="` + u + `">x</a>`
		if len(htmlProblems(doc)) == 0 {
			t.Errorf("HTML href %q not caught", u)
		}
		rss := `<rss><channel><item><link>` + html.EscapeString(html.UnescapeString(u)) + `</link></item></channel></rss>`
		if len(xmlProblems([]byte(rss))) == 0 {
			t.Errorf("RSS link %q not caught", u)
		}
	}
	if len(jsonProblems([]byte(`{"items":[{"url":"javascript:alert(1)","content_html":"<img src=x onerror=alert(1)>"}]}`))) != 2 {
		t.Error("JSON Feed payloads not caught")
	}
	if len(xmlProblems([]byte("<rss><title>\x01</title></rss>"))) == 0 {
		t.Error("ill-formed XML not caught")
	}
}
