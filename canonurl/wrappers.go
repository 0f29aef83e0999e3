package canonurl

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// unwrapPath returns the http(s) URL that a wrapper carries in its path
// rather than in a query parameter, or nil: Google's AMP viewer and the
// AMP cache, Yahoo search redirects and Google News article ids.
func unwrapPath(u *url.URL, host, path string) *url.URL {
	switch {
	case isGoogleHost(host) && strings.HasPrefix(path, "/amp/"):
		// google.com/amp/s/HOST/PATH is the viewer for https://HOST/PATH
		// (without "s/" for http).
		return embedded(u.EscapedPath()[len("/amp/"):], u.RawQuery)
	case strings.HasSuffix(host, ".cdn.ampproject.org") || strings.HasSuffix(host, ".ampproject.net"):
		// HOST-WITH-DASHES.cdn.ampproject.org/c/s/HOST/PATH, "/v/" for
		// viewer documents, "/i/" for images.
		rest := u.EscapedPath()
		for _, p := range []string{"/c/", "/v/", "/i/"} {
			if r, ok := strings.CutPrefix(rest, p); ok {
				return embedded(r, u.RawQuery)
			}
		}
	case host == "r.search.yahoo.com":
		// .../RU=<escaped target>/RK=...: the target is one path segment.
		for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
			if v, ok := strings.CutPrefix(seg, "RU="); ok {
				return parseHTTP(unescapeQuery(v))
			}
		}
	case host == "news.google.com":
		return googleNewsArticle(u.EscapedPath()) // base64: case matters
	}
	return nil
}

// embedded turns "s/HOST/PATH" (https) or "HOST/PATH" (http) plus a query
// into an absolute URL.
func embedded(rest, rawQuery string) *url.URL {
	scheme := "http://"
	if r, ok := strings.CutPrefix(rest, "s/"); ok {
		scheme, rest = "https://", r
	}
	raw := scheme + rest
	if rawQuery != "" {
		raw += "?" + rawQuery
	}
	return parseHTTP(raw)
}

// googleNewsArticle decodes the target of a Google News feed link,
// news.google.com/rss/articles/ID (or /articles/ID). IDs starting "CBMi"
// are base64url protobuf: field 1 = 19, then field 4 (tag 0x22) holding
// the article URL. Newer IDs are opaque and are left alone: resolving them
// would take a request.
func googleNewsArticle(path string) *url.URL {
	id, ok := strings.CutPrefix(path, "/rss/articles/")
	if !ok {
		if id, ok = strings.CutPrefix(path, "/articles/"); !ok {
			return nil
		}
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if err != nil || len(b) < 4 || b[0] != 0x08 || b[1] != 0x13 || b[2] != 0x22 {
		return nil
	}
	n, width := uvarint(b[3:])
	start := 3 + width
	if width == 0 || n > uint64(len(b)-start) {
		return nil
	}
	return parseHTTP(string(b[start : start+int(n)]))
}

// uvarint decodes a protobuf varint of at most two bytes (URLs are shorter
// than 16 KiB); width 0 means malformed.
func uvarint(b []byte) (uint64, int) {
	switch {
	case len(b) >= 1 && b[0] < 0x80:
		return uint64(b[0]), 1
	case len(b) >= 2 && b[1] < 0x80:
		return uint64(b[0]&0x7f) | uint64(b[1])<<7, 2
	}
	return 0, 0
}
