// Package canonurl turns an article URL into the canonical form tipwire uses
// to recognise the same story published under different URLs: over http and
// https, with and without tracking parameters, as an AMP or mobile page, or
// behind a search engine's redirect wrapper.
//
// The canonical form is a dedup key, not a link to show: it always uses the
// https scheme and drops the "www.", "amp.", "m." and "mobile." host prefixes,
// so it may name a page that does not exist. Rules, in order:
//
//  1. Only absolute http and https URLs with a host are accepted; anything
//     else canonicalises to "".
//  2. Known redirect wrappers (Google, Google News feed links and older
//     article ids, Google Alerts, Google's AMP viewer and the AMP cache,
//     Bing News, Yahoo search, DuckDuckGo, Outlook safe links, Facebook,
//     Tumblr, and generic "/redirect?url=" shapes) are unwrapped to the
//     http(s) URL they carry, up to three levels deep.
//  3. The scheme becomes https; the host is lowercased, converted to
//     punycode, stripped of a trailing dot, a default or http/https port and
//     one of the prefixes above; user info is dropped.
//  4. The path gets canonical percent-encoding, no dot segments, no empty
//     segments, no "amp" segment (nor NDTV's "amp/1"), ".amp" suffix or
//     "amp_articleshow" (Times of India), and no trailing slash unless it
//     is the root.
//  5. Tracking parameters (utm_*, fbclid, gclid, NYT "emc=rss", CNN
//     "partner=...rss...", AMP markers and many more; see isTracking) are
//     removed, the remaining parameters re-encoded and sorted, and an empty
//     query dropped. Parameters that identify an article (?id=, ?p=,
//     ?story_fbid=) are kept.
//  6. The fragment is dropped.
package canonurl

import (
	"net/url"
	"strings"
)

// maxUnwrap bounds how many nested redirect wrappers are peeled off, so a
// hostile URL nesting itself cannot make canonicalisation expensive.
const maxUnwrap = 3

// Canonicalize returns the canonical form of raw, or "" when raw is not an
// absolute http or https URL with a host.
func Canonicalize(raw string) string {
	u := parseHTTP(raw)
	if u == nil {
		return ""
	}
	for range maxUnwrap {
		inner := unwrap(u)
		if inner == nil {
			break
		}
		u = inner
	}
	host := canonicalHost(u)
	if host == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(raw) + 8)
	b.WriteString("https://")
	b.WriteString(host)
	b.WriteString(canonicalPath(u))
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String()
}

// parseHTTP parses raw as an absolute http(s) URL, or returns nil. Like a
// browser (WHATWG URL), it ignores surrounding whitespace and tabs or
// newlines inside the URL, which feeds often wrap long links with.
func parseHTTP(raw string) *url.URL {
	raw = strings.TrimSpace(raw)
	if strings.ContainsAny(raw, "\t\r\n") {
		raw = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, raw)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return nil
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u
	}
	return nil
}
