// Package sanitize makes text written by strangers safe to republish: HTML
// reduced to an allowlist of formatting, links, lists, tables and images,
// plain text stripped of markup, and both stripped of characters that XML 1.0
// forbids. It is the only package that imports bluemonday.
//
// The HTML allowlist: p, br, hr, headings, b/strong/i/em/u/s/del/ins, sub,
// sup, small, mark, q, cite, abbr, dfn, code, pre, kbd, samp, var, span, div,
// blockquote, figure, figcaption, time, ul/ol/li, dl/dt/dd, tables, a (href,
// title) and img (src, alt, title, width, height). URLs must be absolute
// http, https or mailto (img src only http or https); relative ones are
// resolved against a base when HTMLWithBase is given one and dropped
// otherwise. Every link gets rel="nofollow noopener noreferrer". No script,
// style, iframe, object, embed, form, meta, base, svg or math element and no
// on*, style, class, id or srcset attribute survives.
package sanitize

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// Policy sanitises HTML and text. Build it once with New; it is safe for
// concurrent use.
type Policy struct {
	rich  *bluemonday.Policy
	plain *bluemonday.Policy
}

// New builds the policy. Building compiles regular expressions, so callers
// build one and share it.
func New() *Policy {
	return &Policy{rich: richPolicy(), plain: plainPolicy()}
}

// relAdded is what bluemonday writes on every link; "rel" is not an allowed
// input attribute, so this exact text only ever comes from bluemonday (an
// attribute value or text containing quotes is written escaped).
const (
	relAdded = ` rel="nofollow noreferrer"`
	relWant  = ` rel="nofollow noopener noreferrer"`
)

// HTML returns s reduced to the allowlist, with invalid XML characters
// removed. Relative URLs are dropped; see HTMLWithBase.
func (p *Policy) HTML(s string) string {
	return p.HTMLWithBase(s, "")
}

// HTMLWithBase is HTML, first resolving relative href, src and cite URLs
// against base (an absolute http or https URL, typically the item's link).
// An empty or unusable base leaves relative URLs to be dropped.
func (p *Policy) HTMLWithBase(s, base string) string {
	s = StripInvalidXML(s)
	if !strings.ContainsAny(s, "<>&\"'") {
		// Plain text without markup or characters to escape: the sanitiser
		// would return it unchanged.
		return strings.TrimSpace(s)
	}
	s = resolveRelative(s, base)
	// Character references such as &#1; decode to characters XML forbids,
	// so the output is stripped too.
	out := StripInvalidXML(p.rich.Sanitize(s))
	out = strings.ReplaceAll(out, relAdded, relWant)
	return strings.TrimSpace(out)
}

// Text returns s as plain text: tags removed (with the content of script,
// style and similar elements), entities decoded once, runs of whitespace
// collapsed to one space, leading and trailing space trimmed, invalid XML
// characters removed.
func (p *Policy) Text(s string) string {
	s = StripInvalidXML(s)
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "<&") {
		s = p.textPasses(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

func plainPolicy() *bluemonday.Policy {
	p := bluemonday.StrictPolicy()
	p.AddSpaceWhenStrippingTag(true)
	p.SkipElementsContent("svg", "math", "template")
	return p
}

func richPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "sub", "sup",
		"small", "big", "mark", "q", "cite", "abbr", "dfn", "code", "pre", "kbd",
		"samp", "var", "tt", "span", "div", "blockquote", "figure", "figcaption",
		"time", "wbr", "ul", "ol", "li", "dl", "dt", "dd",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
		"colgroup", "col")
	p.SkipElementsContent("svg", "math", "template")

	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.AllowURLSchemes("mailto")
	// "http:x" without "//host" is relative to the reader's page in a
	// browser; only URLs naming a host mean what the publisher wrote.
	hasHost := func(u *url.URL) bool { return u.Host != "" }
	p.AllowURLSchemeWithCustomPolicy("http", hasHost)
	p.AllowURLSchemeWithCustomPolicy("https", hasHost)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("src").Matching(regexp.MustCompile(`(?i)^\s*https?://`)).OnElements("img")
	// Attribute values are written escaped, so free text is safe here.
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img")
	p.AllowAttrs("title").OnElements("a", "img", "abbr", "dfn")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("value").Matching(bluemonday.Integer).OnElements("li")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	return p
}
