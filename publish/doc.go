// Package publish serves tipwire's curated selection over HTTP: the Atom,
// RSS 2.0 and JSON Feed 1.1 documents of all topics and of each topic, the
// web console (server-rendered HTML: latest stories, topic, country and type
// pages, a permalink page per story at /stories/{key}, full-text search with
// ?q=, pagination with ?page=, an SVG chart of matched stories per day,
// source health), liveness and readiness probes (/healthz, /readyz),
// /metrics (a handler passed in Options) and the admin endpoints. Every page
// carries the same header: Latest, Topics, Countries, Sources and search.
//
// It is the only package that imports github.com/gorilla/feeds. The library
// builds the documents; publish then adjusts its structs where the library
// falls short (several links and categories per entry, RSS guids that are not
// permalinks, a JSON feed_url) so the output validates as RFC 4287 Atom,
// RSS 2.0 and JSON Feed 1.1. Entry categories are what readers file by: the
// topics, countries and exploitation or event types, each with a scheme and
// a label; the terms that matched are shown on the story page, which every
// entry links (Atom rel="related", and a link in the body).
//
// Every entry id is tipwire.ItemID of the store key, so ids survive restarts,
// re-fetches and renders. Every response carries a strong ETag computed from
// its body and, where the items give one, a Last-Modified time, and answers
// conditional requests with 304. Feeds and pages are rendered once per
// change (Handler.Invalidate) and served from memory, gzipped once.
//
// The pages run no script and load nothing from elsewhere: a strict
// Content-Security-Policy, html/template escaping, http(s)-only links with
// rel="noopener noreferrer". State-changing endpoints need the admin token
// and are refused when a browser marks them cross-origin.
//
// publish reads the store through consumer-side interfaces (ItemLister,
// MatchCounter, SourceAdder, SourceLister, StoryReader, TagCounter) and reports requests through
// RequestObserver; it never imports the store or Prometheus.
package publish
