package fetcher

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/canonurl"
	"github.com/tipwire/tipwire/sanitize"
)

// normalise converts a parsed feed into a Result: the newest MaxItems items
// (in document order), each cleaned by item. Relative links resolve against
// the feed's site link, else the document's URL (gofeed has already applied
// any xml:base).
func (f *Fetcher) normalise(ctx context.Context, feed *gofeed.Feed, feedURL string, now time.Time) Result {
	now = now.UTC()
	docBase := parseBase(feedURL)
	res := Result{
		FeedTitle: truncate(f.san.Text(truncate(feed.Title, 4*maxTitle)), maxTitle),
		FeedLink:  resolveLink(feed.Link, docBase),
	}
	base := cmp.Or(parseBase(res.FeedLink), docBase)
	items := f.newest(feed.Items, now)
	res.Items = make([]tipwire.Item, 0, len(items))
	for _, it := range items {
		item, ok := f.item(it, base, now)
		if !ok {
			f.log.DebugContext(ctx, "item dropped: no guid, link, title or content", "feed_url", feedURL)
			continue
		}
		res.Items = append(res.Items, item)
	}
	return res
}

// newest returns the non-nil items, at most MaxItems of them: the newest by
// date (undated items count as new), in their original order.
func (f *Fetcher) newest(items []*gofeed.Item, now time.Time) []*gofeed.Item {
	items = slices.DeleteFunc(slices.Clone(items), func(it *gofeed.Item) bool { return it == nil })
	if len(items) <= f.opts.MaxItems {
		return items
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	date := func(i int) time.Time { p, _ := itemDates(items[i], now); return p }
	slices.SortStableFunc(idx, func(a, b int) int { return date(b).Compare(date(a)) })
	idx = idx[:f.opts.MaxItems]
	slices.Sort(idx)
	kept := make([]*gofeed.Item, len(idx))
	for i, j := range idx {
		kept[i] = items[j]
	}
	return kept
}

// item cleans one gofeed item; false means it carries nothing to identify
// or show and is dropped.
func (f *Fetcher) item(it *gofeed.Item, base *url.URL, now time.Time) (tipwire.Item, bool) {
	link := itemLink(it, base)
	contentBase := link
	if contentBase == "" && base != nil {
		contentBase = base.String()
	}
	out := tipwire.Item{
		GUID:         truncate(strings.TrimSpace(sanitize.StripInvalidXML(it.GUID)), maxGUID),
		Link:         link,
		CanonicalURL: canonurl.Canonicalize(link),
		Title:        truncate(f.san.Text(truncate(it.Title, 4*maxTitle)), maxTitle),
		Summary:      f.html(it.Description, contentBase, maxSummary),
		Author:       truncate(f.san.Text(truncate(authorName(it), 4*maxAuthor)), maxAuthor),
		Categories:   f.categories(it.Categories),
	}
	// Many feeds repeat the description as the content; an untruncated
	// summary is what sanitising the content would give.
	if it.Content == it.Description && len(out.Summary) < maxSummary {
		out.Content = out.Summary
	} else {
		out.Content = f.html(it.Content, contentBase, maxContent)
	}
	out.Published, out.Updated = itemDates(it, now)
	f.relayed(it, &out)
	empty := out.GUID == "" && out.Link == "" && out.Title == "" && out.Summary == "" && out.Content == ""
	return out, !empty
}

// itemLink returns the item's first usable link: its link, its other
// links, then a GUID that is an http(s) URL (RSS permalinks).
func itemLink(it *gofeed.Item, base *url.URL) string {
	if l := resolveLink(it.Link, base); l != "" {
		return l
	}
	for _, c := range it.Links {
		if l := resolveLink(c, base); l != "" {
			return l
		}
	}
	g := strings.TrimSpace(it.GUID)
	if strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return resolveLink(g, nil)
	}
	return ""
}

// resolveLink returns raw as an absolute http(s) URL, resolved against base
// when relative, or "" for anything else (javascript:, data:, mailto:, a
// relative link without base, unparsable or overlong text). Tabs and
// newlines inside are dropped, as browsers do.
func resolveLink(raw string, base *url.URL) string {
	raw = strings.TrimSpace(sanitize.StripInvalidXML(raw))
	if raw == "" || len(raw) > maxLink {
		return ""
	}
	if strings.ContainsAny(raw, "\t\n\r") {
		raw = strings.Map(dropTabsAndNewlines, raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if base != nil && u.Scheme == "" {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func dropTabsAndNewlines(r rune) rune {
	if r == '\t' || r == '\n' || r == '\r' {
		return -1
	}
	return r
}

// parseBase parses s as an absolute http(s) URL to resolve against, or nil.
func parseBase(s string) *url.URL {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

func authorName(it *gofeed.Item) string {
	var names []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, strings.TrimSpace(p.Name))
		}
	}
	if len(names) == 0 && it.Author != nil {
		return it.Author.Name
	}
	return strings.Join(names, ", ")
}

// categories returns the item's categories as plain text, without empties
// or repeats, capped in number and length.
func (f *Fetcher) categories(in []string) []string {
	var out []string
	for _, c := range in {
		c = truncate(f.san.Text(truncate(c, 4*maxCategory)), maxCategory)
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
		if len(out) == maxCategories {
			break
		}
	}
	return out
}

// html sanitises s, resolving relative URLs against base, within limit
// bytes: the input is cut first (bounding the sanitiser's work), the output
// again if escaping grew it.
func (f *Fetcher) html(s, base string, limit int) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return truncateHTML(f.san.HTMLWithBase(truncate(s, limit), base), limit)
}

// itemDates returns the published and updated dates. Missing and absurd
// dates (before 1970-01-02: zero values, epoch 0) fall back to now, the
// first-seen time; dates more than 48 hours ahead are clamped to now, so a
// wrong clock cannot pin an item to the top of the feed.
func itemDates(it *gofeed.Item, now time.Time) (published, updated time.Time) {
	p, pok := saneDate(it.PublishedParsed, now)
	u, uok := saneDate(it.UpdatedParsed, now)
	switch {
	case pok:
		published = p
	case uok:
		published = u
	default:
		published = now
	}
	updated = published
	if uok && u.After(published) {
		updated = u
	}
	return published.UTC(), updated.UTC()
}

func saneDate(t *time.Time, now time.Time) (time.Time, bool) {
	const oneDay = 24 * 60 * 60
	switch {
	case t == nil || t.Unix() < oneDay:
		return time.Time{}, false
	case t.After(now.Add(futureSlack)):
		return now, true
	}
	return *t, true
}
