package tipwire

import "testing"

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"<p>Chad</p><p>Niger</p>", " Chad  Niger "},
		{"a<br>b", "a b"},
		{"AT&amp;T &lt;b&gt;", "AT&T <b>"},
		{"&amp;lt;script&amp;gt;", "&lt;script&gt;"},
		{"cut <a href=", "cut  "},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
