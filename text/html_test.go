package text

import (
	"html"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "no markup", "no markup"},
		{"empty", "", ""},
		{"tags become spaces", "<p>human</p><p>trafficking</p>", " human  trafficking "},
		{"br keeps words apart", "a<br>b", "a b"},
		{"entities decoded after tags", "fish &amp; chips &lt;b&gt; &#8220;q&#8221;", "fish & chips <b> \u201cq\u201d"},
		{"decoded once", "&amp;lt;script&amp;gt;", "&lt;script&gt;"},
		{"literal less-than", "a < b and c<3", "a < b and c<3"},
		{"less-than at the end", "a <", "a <"},
		{"comment", "a<!-- drug trafficking -->b", "a b"},
		{"comment holding a tag", "a<!-- <p>x</p> > -->b", "a b"},
		{"unterminated comment", "a<!-- never closed <p>b", "a "},
		{"empty comments", "a<!-->b<!--->c", "a b c"},
		{"cdata is a bogus comment in HTML", "a<![CDATA[x &amp; <b>y</b>]]>b", "a y ]]>b"},
		{"hostile cdata", "<p>ok</p>]]><![CDATA[ <img src=x onerror=alert(1)><script>alert(2)</script>", " ok ]]>  "},
		{"bogus comment ends at the first >", `a<!x "y>z">b`, `a z">b`},
		{"script and style", "a<script>var x = '<p>';</script>b<STYLE>p{}</STYLE>c", "a b c"},
		{"script holding a closing tag in a string", `a<script>document.write("</p>")</script>b`, "a b"},
		{"script closed in capitals", "a<script>x</SCRIPT >b", "a b"},
		{"unterminated script", "a<script>x</p>b", "a "},
		{"template and noscript", "a<template><p>t</p></template>b<noscript>n</noscript>c", "a b c"},
		{"closing script alone", "a</script>b", "a b"},
		{"scripted is not script", "a<scripted>x</scripted>b", "a x b"},
		{"scripts does not close a script", "a<script>x</scripts>y</script >b", "a b"},
		{"non-ASCII does not close a script", "a<script>x</ſcript>y</script>b", "a b"},
		{"quoted > in an attribute", `<a title="x > y" href="/">link</a>`, " link "},
		{"single-quoted > in an attribute", `<a title='x > y'>link</a>`, " link "},
		{"unterminated tag", "text <a href=", "text  "},
		{"unterminated quote", `text <a title="x>y`, "text  "},
		{"processing instruction", `a<?xml version="1.0"?>b`, "a b"},
		{"doctype", "<!DOCTYPE html>a", " a"},
		{"non-ASCII before a script", "Ärger İİ<script>x</script>b", "Ärger İİ b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTagEnd(t *testing.T) {
	tests := []struct {
		name, in string
		decl     bool
		want     int
	}{
		{"simple", "<p>x", false, 3},
		{"quoted >", `<a b="c>d">x`, false, 11},
		{"unterminated", "<a b", false, 4},
		{"unterminated quote", `<a b="c>`, false, 8},
		{"doctype with internal subset", `<!DOCTYPE x [<!ENTITY e "a>b">]>y`, true, 32},
		{"internal subset ends a tag", `<!DOCTYPE x [<!ENTITY e "a>b">]>y`, false, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end := TagEnd
			if tt.decl {
				end = DeclEnd
			}
			if got := end(tt.in, 1); got != tt.want {
				t.Errorf("end(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzPlainText: escaped text is text, in any markup around it, and the
// result of any input is valid UTF-8 when the input is.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"a<b", "<p>x</p>", "<!--", "<![CDATA[", "<script>", `<a t="`, "&amp;", "Ärger", "<!-->", "<?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := PlainText(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("PlainText(%q) = %q: invalid UTF-8", s, got)
		}
		if got := PlainText(html.EscapeString(s)); got != s {
			t.Errorf("PlainText(escaped %q) = %q", s, got)
		}
		if got, want := PlainText("<p class='a>b'>"+html.EscapeString(s)+"<!--c--></p>"), " "+s+"  "; got != want {
			t.Errorf("PlainText(paragraph of %q) = %q, want %q", s, got, want)
		}
	})
}
