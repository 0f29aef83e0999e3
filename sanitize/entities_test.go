package sanitize

import (
	"html"
	"testing"
)

// TestTextLegacyEntities covers gofeed issue #320: references without their
// semicolon stay literal, complete ones still decode once.
func TestTextLegacyEntities(t *testing.T) {
	p := New()
	tests := []struct{ in, want string }{
		{"?page=1&copy=2;mode=x & done", "?page=1&copy=2;mode=x & done"},
		{"AT&T &amp; friends", "AT&T & friends"},
		{"&copy; 2026 &#169; &#xA9;", "© 2026 © ©"},
		{"Fish & Chips & more &lt;3", "Fish & Chips & more <3"},
		{"a &notin b", "a &notin b"},
		{"&;&#;&#x;", "&;&#;&#x;"},
	}
	for _, tt := range tests {
		if got := p.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTextNeverHoldsMarkup: a feed that escaped markup twice or more must
// not get live markup into plain text, which RSS readers may show as HTML.
func TestTextNeverHoldsMarkup(t *testing.T) {
	p := New()
	tests := []struct{ in, want string }{
		{"&lt;script&gt;alert(1)&lt;/script&gt; News", "News"},
		{"&amp;lt;img src=x onerror=alert(1)&amp;gt;Title", "&lt;img src=x onerror=alert(1)&gt;Title"}, // decoded once: literal text
		{"&lt;b&gt;bold&lt;/b&gt; text", "bold text"},
		{"5 &lt; 6 and 1 &lt;2", "5 < 6 and 1 <2"},
		{"&lt;&lt;&lt;", "<<<"},
	}
	for _, tt := range tests {
		got := p.Text(tt.in)
		if got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tagLike(got) {
			t.Errorf("Text(%q) = %q holds markup", tt.in, got)
		}
	}
	deep := "x"
	for range 8 {
		deep = html.EscapeString("<i>" + deep + "</i>")
	}
	if got := p.Text(deep); tagLike(got) {
		t.Errorf("Text of markup escaped 8 times = %q holds markup", got)
	}
}
