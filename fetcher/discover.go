package fetcher

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedTypes are the media types of <link rel="alternate"> that announce a
// feed, as sites write them (lowercased, parameters dropped).
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
}

// Discover fetches the HTML page at pageURL and returns the feeds it
// announces with <link rel="alternate" type="application/rss+xml">
// (atom+xml, feed+json, rdf+xml too), as absolute URLs in document order,
// without duplicates. It uses the Fetcher's client, so the address guard,
// timeouts and body cap apply. A page announcing nothing gives an empty
// list and no error.
func (f *Fetcher) Discover(ctx context.Context, pageURL string) ([]string, error) {
	hreq, err := f.newRequest(ctx, Request{URL: pageURL})
	if err != nil {
		return nil, &Error{Category: CategoryInvalidURL, URL: pageURL, Err: err}
	}
	hreq.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	resp, err := f.client.Do(hreq)
	if err != nil {
		return nil, &Error{Category: transportCategory(err), URL: pageURL, Err: err}
	}
	defer discard(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &Error{Category: CategoryHTTPStatus, URL: pageURL, Status: resp.StatusCode,
			Err: fmt.Errorf("server answered %s", resp.Status)}
	}
	buf := f.getBuffer()
	defer f.putBuffer(buf)
	body, err := f.readBody(resp, buf)
	if err != nil {
		return nil, withURL(err, pageURL)
	}
	return FeedLinks(body, resp.Request.URL), nil
}

// FeedLinks returns the feed URLs an HTML document announces, resolved
// against its <base href> or else base, in document order without
// duplicates. Only http(s) URLs are returned.
func FeedLinks(doc []byte, base *url.URL) []string {
	z := html.NewTokenizer(bytes.NewReader(doc))
	var out []string
	seen := map[string]bool{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		attrs := tagAttrs(z)
		switch atom.Lookup(name) {
		case atom.Base:
			if u, err := base.Parse(attrs["href"]); err == nil && attrs["href"] != "" {
				base = u
			}
		case atom.Link:
			if u := feedLink(attrs, base); u != "" && !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
}

func tagAttrs(z *html.Tokenizer) map[string]string {
	attrs := map[string]string{}
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		attrs[string(k)] = string(v)
	}
	return attrs
}

// feedLink returns the absolute URL of a <link> that announces a feed, or "".
func feedLink(attrs map[string]string, base *url.URL) string {
	if !hasToken(attrs["rel"], "alternate") {
		return ""
	}
	mediaType, _, _ := strings.Cut(attrs["type"], ";")
	if !feedTypes[strings.ToLower(strings.TrimSpace(mediaType))] {
		return ""
	}
	href := strings.TrimSpace(attrs["href"])
	if href == "" {
		return ""
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// hasToken reports whether the space-separated list rel contains tok,
// ignoring case (rel="Alternate feed" is seen in the wild).
func hasToken(rel, tok string) bool {
	for _, f := range strings.Fields(rel) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
