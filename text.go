package tipwire

import (
	"html"
	"strings"
)

// PlainText turns the sanitised HTML an Item carries (Summary, Content)
// into text: every tag becomes a space, so "a<br>b" stays two words, and
// character references are decoded once, after the tags are gone, so an
// escaped "&lt;b&gt;" stays text. A tag left open at the end is dropped.
func PlainText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return fragment
	}
	var b strings.Builder
	b.Grow(len(fragment))
	for {
		i := strings.IndexByte(fragment, '<')
		if i < 0 {
			b.WriteString(fragment)
			break
		}
		b.WriteString(fragment[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(fragment[i:], '>')
		if j < 0 {
			break
		}
		fragment = fragment[i+j+1:]
	}
	return html.UnescapeString(b.String())
}
