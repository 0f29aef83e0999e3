package sanitize

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// resolveRelative rewrites relative href, src and cite URLs in s against
// base and returns s otherwise byte for byte, so the sanitiser sees the
// publisher's markup and not a re-serialisation. Absolute URLs, whatever
// their scheme, are left for the sanitiser to judge.
func resolveRelative(s, base string) string {
	b := httpBase(base)
	if b == nil || !mayHaveRelativeURL(s) {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var out strings.Builder
	out.Grow(len(s) + 64)
	changed := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			if resolveAttrs(&tok, b) {
				out.WriteString(tok.String())
				changed = true
				continue
			}
		}
		out.Write(z.Raw())
	}
	if !changed {
		return s
	}
	return out.String()
}

// resolveAttrs resolves the URL attributes of tok in place and reports
// whether it changed any.
func resolveAttrs(tok *html.Token, base *url.URL) bool {
	changed := false
	for i, a := range tok.Attr {
		if a.Namespace != "" || !isURLAttr(tok.Data, a.Key) {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(a.Val))
		if err != nil || ref.Scheme != "" || strings.TrimSpace(a.Val) == "" {
			continue
		}
		tok.Attr[i].Val = base.ResolveReference(ref).String()
		changed = true
	}
	return changed
}

func isURLAttr(tag, key string) bool {
	switch tag {
	case "a":
		return key == "href"
	case "img":
		return key == "src"
	case "blockquote", "q", "del", "ins":
		return key == "cite"
	}
	return false
}

// httpBase parses base as an absolute http(s) URL, or returns nil.
func httpBase(base string) *url.URL {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	return u
}

// mayHaveRelativeURL is a cheap pre-check that spares tokenising markup
// whose URL attributes are all absolute, the common case. Markup in unusual
// letter case skips resolution, which only means its relative URLs are
// dropped.
func mayHaveRelativeURL(s string) bool {
	for _, attr := range []string{"href=", "src=", "cite=", "HREF=", "SRC=", "CITE="} {
		for rest := s; ; {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			if !isAbsoluteValue(rest) {
				return true
			}
		}
	}
	return false
}

// isAbsoluteValue reports whether the attribute value at the start of s
// (quoted or not) begins with a scheme the sanitiser accepts.
func isAbsoluteValue(s string) bool {
	s = strings.TrimLeft(s, "\"' \t\n\r")
	for _, scheme := range []string{"https://", "http://", "mailto:"} {
		if len(s) >= len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			return true
		}
	}
	return false
}
