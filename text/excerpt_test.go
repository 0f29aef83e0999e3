package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short", "Just text.", 100, "Just text."},
		{"whitespace collapsed", " a \n\t b\u00a0c ", 100, "a b c"},
		{"cut at a word", "alpha beta gamma delta epsilon", 18, "alpha beta gamma…"},
		{"cut mid-word", "abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij…"},
		{"no dangling punctuation", "alpha, beta gamma", 8, "alpha…"},
		{"runes, not bytes", "ääää ääää", 6, "ääää…"},
		{"empty", "", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt(tt.in, tt.max); got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

// TestExcerptOfHTML: an alert's or a page's excerpt of an item's summary.
func TestExcerptOfHTML(t *testing.T) {
	if got := Excerpt(PlainText("<b>Tom &amp; Jerry</b>\n<i>x</i>"), 100); got != "Tom & Jerry x" {
		t.Errorf("excerpt = %q", got)
	}
	long := Excerpt(PlainText("<p>"+strings.Repeat("word ", 200)+"</p>"), 300)
	if n := utf8.RuneCountInString(long); n > 301 || !strings.HasSuffix(long, "…") {
		t.Errorf("excerpt of %d runes: %q", n, long)
	}
}
