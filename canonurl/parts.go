package canonurl

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// canonicalHost returns the lowercase punycode host with a non-default port,
// or "" when the host is unusable.
func canonicalHost(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	if !isASCII(host) {
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return ""
		}
		host = ascii
	}
	if strings.Contains(host, ":") {
		// IPv6 literal: Hostname removed the brackets.
		host = "[" + host + "]"
	} else if net.ParseIP(host) == nil {
		host = stripHostPrefix(host)
	}
	// 80 and 443 are both "default" because the scheme is folded to https.
	switch port := u.Port(); port {
	case "", "80", "443":
		return host
	default:
		return host + ":" + port
	}
}

// stripHostPrefix removes one well-known alias prefix (www., amp., m.,
// mobile.) when what remains still has a dot, so "m.co" stays intact.
func stripHostPrefix(host string) string {
	for _, p := range []string{"www.", "amp.", "m.", "mobile."} {
		if rest, ok := strings.CutPrefix(host, p); ok && strings.Contains(rest, ".") {
			return rest
		}
	}
	return host
}

// canonicalPath returns the escaped path with canonical percent-encoding,
// dot and empty segments removed, AMP markers removed and no trailing slash
// (the root path is "/").
func canonicalPath(u *url.URL) string {
	segs := strings.Split(normalizePercent(u.EscapedPath()), "/")
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		switch s {
		case "", ".", "amp":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	// NDTV-style ".../story-123/amp/1": the "amp" is gone, the page number
	// of the AMP view goes with it.
	if n := len(out); n > 1 && out[n-1] == "1" && ampSegment(segs) {
		out = out[:n-1]
	}
	if n := len(out); n > 0 {
		out[n-1] = stripAMPSuffix(out[n-1])
	}
	for i, s := range out {
		// Times of India and sister sites: /amp_articleshow/123.cms is the
		// AMP twin of /articleshow/123.cms.
		if s == "amp_articleshow" || s == "amp_videoshow" {
			out[i] = strings.TrimPrefix(s, "amp_")
		}
	}
	return "/" + strings.Join(out, "/")
}

// ampSegment reports whether the path's last segments are "amp", "1".
func ampSegment(segs []string) bool {
	for len(segs) > 0 && segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	n := len(segs)
	return n >= 2 && segs[n-2] == "amp" && segs[n-1] == "1"
}

// stripAMPSuffix turns "story.amp" into "story" and "story.amp.html" into
// "story.html", the shapes several publishers use for AMP pages.
func stripAMPSuffix(seg string) string {
	if s, ok := strings.CutSuffix(seg, ".amp"); ok && s != "" {
		return s
	}
	if s, ok := strings.CutSuffix(seg, ".amp.html"); ok && s != "" {
		return s + ".html"
	}
	return seg
}

// normalizePercent decodes percent-escapes of characters that may appear
// literally in a path segment (RFC 3986 pchar) and uppercases the hex digits
// of the others, so "%7e", "%7E" and "~" compare equal.
func normalizePercent(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		if p[i] != '%' || i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
			b.WriteByte(p[i])
			continue
		}
		c := unhex(p[i+1])<<4 | unhex(p[i+2])
		if isPChar(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
		}
		i += 2
	}
	return b.String()
}

// isPChar reports whether c may appear unescaped in a path segment: the
// unreserved and sub-delims sets plus ':' and '@'.
func isPChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
