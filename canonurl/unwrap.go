package canonurl

import (
	"net/url"
	"strings"
)

// unwrap returns the http(s) URL carried by a redirect wrapper u, or nil
// when u is not a wrapper. FeedBurner links (feedproxy.google.com/~r/...)
// carry no destination and cannot be unwrapped without a request.
func unwrap(u *url.URL) *url.URL {
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	path := strings.ToLower(u.EscapedPath())
	if inner := unwrapPath(u, host, path); inner != nil {
		return inner
	}
	for _, key := range wrapperParams(host, path) {
		if inner := parseHTTP(queryValue(u.RawQuery, key)); inner != nil {
			return inner
		}
	}
	return nil
}

// wrapperParams lists, most specific first, the query parameters that carry
// the destination when host and path (lowercased, "www." removed) are a
// known redirect wrapper.
func wrapperParams(host, path string) []string {
	switch {
	case isGoogleHost(host) && (path == "/url" || path == "/news/url"):
		// Google search, Google Alerts feeds and old Google News feeds.
		return []string{"url", "q"}
	case (host == "l.facebook.com" || host == "lm.facebook.com") && path == "/l.php":
		return []string{"u"}
	case host == "bing.com" && path == "/news/apiclick.aspx":
		return []string{"url"}
	case host == "t.umblr.com" && path == "/redirect":
		return []string{"z"}
	case host == "duckduckgo.com" && path == "/l/":
		return []string{"uddg"}
	case strings.HasSuffix(host, ".safelinks.protection.outlook.com"):
		// Outlook rewrites every link of a newsletter read in Office 365.
		return []string{"url"}
	case isRedirectPath(path):
		return []string{"url", "u", "target", "dest", "destination", "redirect", "redirect_url", "to", "link"}
	}
	return nil
}

// isGoogleHost matches google.com, news.google.com and the country domains
// (google.co.uk, google.de, ...).
func isGoogleHost(host string) bool {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(host, "news."), "google.")
	if !ok || rest == "" {
		return false
	}
	first, second, two := strings.Cut(rest, ".")
	if !two {
		return true
	}
	return (first == "co" || first == "com") && second != "" && !strings.Contains(second, ".")
}

// isRedirectPath matches generic click-tracking endpoints such as
// /redirect, /redir.php, /out, /click or /go whose parameter holds a full
// http(s) URL. The parameter must parse as one, so ordinary pages are safe.
func isRedirectPath(path string) bool {
	last := path[strings.LastIndexByte(path, '/')+1:]
	if dot := strings.IndexByte(last, '.'); dot > 0 {
		last = last[:dot]
	}
	switch last {
	case "redirect", "redir", "out", "click", "go", "url", "outbound", "track", "link":
		return true
	}
	return false
}
