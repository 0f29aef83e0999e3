package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/daemon"
)

// expect is what one hostile input must give. Adding a case to CASES.jsonl
// means adding one line to hostileExpect.
type expect struct {
	cat   string // stored error category; "" means the fetch succeeds
	items int    // items handed to the store when it succeeds; -1 means any
	ref   bool   // a gofeed reference parse (items then overrides its count)
	check func(t *testing.T, r caseRun)
}

// caseRun is what a check sees of the second, hostile fetch.
type caseRun struct {
	items []tipwire.Item // what the fetch handed to the store
	rep   daemon.Report
	w     *world
	file  string
}

// Documented results, where tipwire's safe answer differs from the reference:
//   - entity declarations are never expanded: Go's XML decoder leaves custom
//     entities undefined, so a root other than rss/feed is not_feed and an
//     entity inside a feed reads as literal text or nothing;
//   - an item with no title, link and guid (only an enclosure) is dropped;
//   - a truncated document is a parse error, never "fewer items".
var hostileExpect = map[string]expect{
	"xml-entities/defusedxml-xmlbomb.xml":            {cat: "not_feed"},
	"xml-entities/defusedxml-xmlbomb2.xml":           {cat: "not_feed"},
	"xml-entities/defusedxml-cyclic.xml":             {cat: "not_feed"},
	"xml-entities/defusedxml-quadratic.xml":          {cat: "not_feed"},
	"xml-entities/defusedxml-external.xml":           {cat: "not_feed"},
	"xml-entities/defusedxml-external_file.xml":      {cat: "not_feed"},
	"xml-entities/defusedxml-dtd.xml":                {cat: "html"},
	"xml-entities/billion-laughs.rss.xml":            {items: 2},
	"xml-entities/quadratic-blowup.rss.xml":          {items: 1},
	"xml-entities/xxe-file-etc-passwd.rss.xml":       {items: 1},
	"xml-entities/xxe-ssrf-parameter-entity.rss.xml": {items: 1},

	"malformed/feedparser-aaa_illformed.xml":                      {cat: "parse"},
	"malformed/feedparser-rss_incomplete_cdata.xml":               {cat: "parse"},
	"malformed/feedparser-rss_empty_document.xml":                 {cat: "empty"},
	"malformed/feedparser-rss_item_link_corrupted_ampersands.xml": {cat: "parse"}, // ends in "</rss"
	"malformed/feedparser-undeclared_namespace.xml":               {items: 0},
	"malformed/feedparser-http_high_bit_date.xml":                 {items: 0},
	"malformed/feedparser-always_strip_doctype.xml":               {items: 0},
	"malformed/feedparser-rdf_channel_empty_textinput.xml":        {cat: "parse"},
	"malformed/whitespace-before-xml-declaration.rss.xml":         {items: 0},
	"malformed/scripting-news-2002-unclosed-channel.rss.xml":      {items: 0},
	"malformed/scripting-news-2002-no-channel.rss.xml":            {items: 9},
	"malformed/truncated-in-cdata-bbc-world.rss.xml":              {cat: "parse"},
	"malformed/truncated-mid-tag-bbc-world.rss.xml":               {cat: "parse"},
	"malformed/html-not-a-feed.html":                              {cat: "html"},
	"malformed/unknown-xml-not-a-feed.xml":                        {cat: "not_feed"},
	"malformed/empty-body.xml":                                    {cat: "empty"},
	"malformed/invalid-jsonfeed.json":                             {cat: "parse"},
	"malformed/illegal-control-characters.rss.xml":                {items: 3, check: titleIs(0, "Backspace inside title")},

	"encoding/miniflux-windows-1252-incorrect-prolog.xml":        {items: 0, check: feedTitleIs("Euro €")},
	"encoding/miniflux-utf8-incorrect-prolog.xml":                {items: 1, check: titleIs(0, "Café")},
	"encoding/miniflux-invalid-prolog.xml":                       {items: 1, check: titleIs(0, "Café")},
	"encoding/miniflux-iso88591_utf8_mismatch.xml":               {cat: "not_feed"}, // root <note>
	"encoding/feedparser-bozo_bogus_encoding.xml":                {items: 0},
	"encoding/feedparser-bozo_encoding_mismatch_crash.xml":       {items: 1},
	"encoding/feedparser-bozo_linenoise.xml":                     {items: 1},
	"encoding/feedparser-bozo_invalid-bytes-with-bom.xml":        {cat: "parse"},
	"encoding/feedparser-encoding_attribute_crash.xml":           {items: 1},
	"encoding/feedparser-encoding_attribute_crash_2.xml":         {items: 1},
	"encoding/feedparser-bozo_double-encoded-html.xml":           {items: 1},
	"encoding/feedparser-chardet-no-declaration-koi8r.xml":       {items: 1},
	"encoding/feedparser-chardet-no-declaration-windows1255.xml": {items: 1},
	"encoding/feedparser-chardet-no-declaration-shiftjis.xml":    {items: 1},
	"encoding/feedparser-chardet-no-declaration-gb2312.xml":      {items: 1},

	"semantics/invalid-dates.rss.xml":                         {items: 12, check: datesSane},
	"semantics/duplicate-guids.rss.xml":                       {items: 8, check: duplicateGUIDs},
	"semantics/missing-and-unsafe-links.rss.xml":              {items: 10},
	"semantics/atom-minimal-no-title-no-link.atom.xml":        {items: 3},
	"semantics/xmlbase-file-path.rss.xml":                     {items: 1, check: linkIs(0, "https://example.com/feeds/feed.xml/post")}, // KNOWN BUG gofeed #358: want .../feeds/post
	"semantics/feedparser-malformed_base.xml":                 {items: 1},
	"semantics/feedparser-unsafe_base.xml":                    {items: 1},
	"semantics/feedparser-item-link-corrupted-ampersands.xml": {cat: "parse"}, // ends in "</rss"

	"gofeed-issues/issue_305_bare_ampersand.xml":                                   {items: 0, check: feedTitleIs("Fish & Chips & more <3")},
	"gofeed-issues/issue_305_bare_ampersand.expected.json":                         {ref: true, items: -1},
	"gofeed-issues/issue_320_legacy_entity_prefix.xml":                             {items: 0, check: feedTitleIs("?page=1&copy=2;mode=x & done")},
	"gofeed-issues/issue_320_legacy_entity_prefix.expected.json":                   {ref: true, items: -1},
	"gofeed-issues/issue_303_encoded_no_namespace.xml":                             {items: 1, check: titleIs(0, "First")},
	"gofeed-issues/issue_303_encoded_no_namespace.expected.json":                   {ref: true, items: -1},
	"gofeed-issues/issue_304_cloud_with_children.xml":                              {items: 0},
	"gofeed-issues/issue_304_cloud_with_children.expected.json":                    {ref: true, items: -1},
	"gofeed-issues/issue_309_namespace_whitespace.xml":                             {items: 0},
	"gofeed-issues/issue_309_namespace_whitespace.expected.json":                   {ref: true, items: -1},
	"gofeed-issues/issue_36_enclosure_text.xml":                                    {items: 0},
	"gofeed-issues/issue_36_enclosure_text.expected.json":                          {ref: true, items: 0}, // enclosure-only item dropped
	"gofeed-issues/issue_217_enclosure_children.xml":                               {items: 0},
	"gofeed-issues/issue_217_enclosure_children.expected.json":                     {ref: true, items: 0}, // enclosure-only item dropped
	"gofeed-issues/issue_275_unknown_children.xml":                                 {items: 0},
	"gofeed-issues/issue_275_unknown_children.expected.json":                       {ref: true, items: -1},
	"gofeed-issues/atom10_feed_entry_link_href_invalid_space_prefix.xml":           {items: 1, check: linkIs(0, "http://example.org")},
	"gofeed-issues/atom10_feed_entry_link_href_invalid_space_prefix.expected.json": {ref: true, items: -1},

	"size/huge-single-item.rss.xml":      {items: 2},
	"size/twenty-thousand-items.rss.xml": {items: 1000}, // Options.MaxItems, newest first
	"size/deep-nesting-50000.rss.xml":    {cat: "parse"},
	"size/gzip-bomb-200MB.rss.xml.gz":    {cat: "too_large"},
}

func titleIs(i int, want string) func(*testing.T, caseRun) {
	return func(t *testing.T, r caseRun) {
		if got := r.items[i].Title; got != want {
			t.Errorf("item %d title %q, want %q", i, got, want)
		}
	}
}

func linkIs(i int, want string) func(*testing.T, caseRun) {
	return func(t *testing.T, r caseRun) {
		if got := r.items[i].Link; got != want {
			t.Errorf("item %d link %q, want %q", i, got, want)
		}
	}
}

// feedTitleIs parses the case's document again, as `tipwire check` would,
// and checks the feed title (sources here carry configured names, so the
// stored outlet does not show it).
func feedTitleIs(want string) func(*testing.T, caseRun) {
	return func(t *testing.T, r caseRun) {
		if got := parseFile(t, r.file).FeedTitle; got != want {
			t.Errorf("feed title %q, want %q", got, want)
		}
	}
}

// datesSane requires every date to be known (not year 1) and none pinned far
// into the future.
func datesSane(t *testing.T, r caseRun) {
	limit := time.Now().Add(49 * time.Hour)
	for _, it := range r.items {
		if it.Published.Year() < 1970 || it.Published.After(limit) || it.Updated.After(limit) {
			t.Errorf("item %q: published %v updated %v", it.Title, it.Published, it.Updated)
		}
	}
}

// duplicateGUIDs requires the two empty-guid stories to stay distinct and
// the link variants of story 1 to collapse.
func duplicateGUIDs(t *testing.T, r caseRun) {
	if r.rep.Stats.New < 3 {
		t.Errorf("only %d new items: distinct empty-guid stories merged? %+v", r.rep.Stats.New, r.rep.Stats)
	}
	if got := r.rep.Stats.New + r.rep.Stats.Duplicate + r.rep.Stats.Updated; got < len(r.items)-1 {
		t.Logf("stats %+v for %d items", r.rep.Stats, len(r.items))
	}
	links := map[string]bool{}
	for _, it := range r.items {
		if strings.Contains(it.Link, "/story/3") || strings.Contains(it.Link, "/story/4") {
			links[it.Link] = true
		}
	}
	if len(links) != 2 {
		t.Errorf("empty-guid stories: links %v", links)
	}
}
