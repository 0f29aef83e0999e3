// Package publish serves tipwire's curated selection over HTTP: the Atom,
// RSS 2.0 and JSON Feed 1.1 documents of all topics and of each topic, a
// plain HTML index of the latest items, and a health endpoint.
//
// It is the only package that imports github.com/gorilla/feeds. The library
// builds the documents; publish then adjusts its structs where the library
// falls short (several links and categories per entry, RSS guids that are not
// permalinks, a JSON feed_url) so the output validates as RFC 4287 Atom,
// RSS 2.0 and JSON Feed 1.1.
//
// Every entry id is tipwire.ItemID of the store key, so ids survive restarts,
// re-fetches and renders. Every response carries a strong ETag computed from
// its body and, where the items give one, a Last-Modified time, and answers
// conditional requests with 304.
//
// publish reads items through the consumer-side ItemLister interface and never
// imports the store.
package publish
