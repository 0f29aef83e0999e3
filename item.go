package tipwire

import (
	"fmt"
	"time"
)

// Item is one news item. The fetcher fills the publisher's fields; the store
// assigns Key and FirstSeen and, on read, Outlets and Matches.
type Item struct {
	// Key is the stable dedup key assigned by the store (32 lowercase hex
	// digits). It never changes once assigned and is the basis of the
	// published entry id (see ItemID).
	Key string

	GUID         string // the publisher's id, as given (may be empty)
	Link         string // absolute http(s) link as published, or ""
	CanonicalURL string // Link canonicalised for dedup across outlets, or ""
	Title        string // plain text, never HTML
	Summary      string // sanitised HTML
	Content      string // sanitised HTML
	Author       string // plain text
	Categories   []string

	Published time.Time // the publisher's date, or FirstSeen when it gave none
	Updated   time.Time // the publisher's last update, or Published
	FirstSeen time.Time // when tipwire first stored the item

	// Outlet names where this copy of the item came from: the outlet an
	// aggregator's item names (Google News, Bing News), set by the fetcher,
	// else the source's name, set by the pipeline before storing.
	Outlet string

	// Outlets lists every outlet that carried the item, oldest first; filled
	// by the store on read.
	Outlets []Outlet

	// Matches lists the topics the item matched; set by the filters before
	// storing and filled by the store on read.
	Matches []Match

	// Tags are the countries the item is about, as upper-case ISO 3166-1
	// alpha-2 codes ("KH"), and its exploitation and event types in lower
	// case ("labour", "rescue"); see package tags. Set before matching and
	// storing; on read, the tags of every item of the story.
	Tags []string
}

// Outlet is one place an item was seen.
type Outlet struct {
	SourceID int64     // 0 for items that did not come from a fetched source (the seed corpus)
	Name     string    // display name of the outlet
	Link     string    // the item's link at this outlet
	SeenAt   time.Time // when tipwire first saw the item there

	// Reason says why this outlet's copy was merged into the story: "" for
	// the copy that opened it, else one of the Merge* reasons. Similarity
	// is the near-duplicate's word similarity (0 to 1), 0 for other reasons.
	Reason     string
	Similarity float64
}

// Match records that an item matched a topic and why.
type Match struct {
	Topic string   // topic name
	Terms []string // the terms that fired, as written in the topic
	Score float64  // relevance score; higher is more relevant
	// Reason explains the score in words (what fired, where, and the seed
	// similarity); set by the filters and stored with the match ("" for
	// matches stored before migration 0010 until they are re-matched).
	Reason string
}

// ItemID turns a store key into the id published in feeds: a urn:uuid IRI
// (valid for RFC 4287 atom:id and RSS guid) derived only from the key, so it
// survives restarts, re-fetches and a change of base_url.
func ItemID(key string) string {
	k := key
	for len(k) < 32 {
		k += "0"
	}
	// Version 5 and RFC 4122 variant bits make it a well-formed name-based UUID.
	return fmt.Sprintf("urn:uuid:%s-%s-5%s-%c%s-%s", k[0:8], k[8:12], k[13:16], variantNibble(k[16]), k[17:20], k[20:32])
}

func variantNibble(c byte) byte {
	const hex = "0123456789abcdef"
	v := 0
	switch {
	case c >= '0' && c <= '9':
		v = int(c - '0')
	case c >= 'a' && c <= 'f':
		v = int(c-'a') + 10
	}
	return hex[8|(v&3)]
}
