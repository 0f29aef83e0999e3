package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

// hasher computes an item's hashes in a buffer reused across the items of
// a batch: hashing 2 KB descriptions word by word is a large share of the
// save path, and allocating per word made it larger.
type hasher struct{ buf []byte }

// contentHash is the hex SHA-256 of the item's normalised text: the words
// (runs of letters and digits, lowercased) of its title, summary and
// content, with tags removed and entities decoded, so markup, spacing and
// punctuation do not make a new item. It is "" when the item has no words
// at all: an empty hash would merge every empty item into one. Stored keys
// derive from it, so what counts as a word here never changes: combining
// marks split words (text.Split{}) and letters are only lowercased.
func (h *hasher) contentHash(it tipwire.Item) string {
	h.buf = appendWords(h.buf[:0], it.Title)
	h.buf = append(h.buf, '\n')
	h.buf = appendWords(h.buf, text.PlainText(it.Summary))
	h.buf = append(h.buf, '\n')
	h.buf = appendWords(h.buf, text.PlainText(it.Content))
	if len(h.buf) == 2 {
		return ""
	}
	sum := sha256.Sum256(h.buf)
	return hex.EncodeToString(sum[:])
}

// fingerprint identifies one outlet's exact copy of an item, to tell
// whether the publisher edited it since it was last stored.
func (h *hasher) fingerprint(it tipwire.Item) string {
	h.buf = h.buf[:0]
	for _, s := range []string{it.Title, it.Summary, it.Content} {
		h.buf = append(h.buf, s...)
		h.buf = append(h.buf, 0) // separator: ("ab","") differs from ("a","b")
	}
	sum := sha256.Sum256(h.buf)
	return hex.EncodeToString(sum[:16])
}

// appendWords appends the lowercased words of s to buf, one space apart.
func appendWords(buf []byte, s string) []byte {
	first := true
	for start, end := range text.Spans(s, text.Split{}) {
		if !first {
			buf = append(buf, ' ')
		}
		first = false
		for _, r := range s[start:end] {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
	}
	return buf
}

// identity is the first identity an item has, in dedup order: its
// canonical URL, its GUID within its source, else its content. It is ""
// when the item has none (nothing to dedup it by, so it is not stored).
func identity(it tipwire.Item, sourceID int64, hash string) string {
	switch {
	case it.CanonicalURL != "":
		return "url:" + it.CanonicalURL
	case it.GUID != "":
		return "guid:" + strconv.FormatInt(sourceID, 10) + ":" + it.GUID
	case hash != "":
		return "hash:" + hash
	}
	return ""
}

// itemKey is the hash of an identity: the first 32 hex digits of its
// SHA-256. Tombstones hold identities in this form, and items stored before
// storedKey existed have it as their key.
func itemKey(ident string) string {
	sum := sha256.Sum256([]byte(ident))
	return hex.EncodeToString(sum[:16])
}

// storedKey is the key a new item is stored under: the day it was
// published (4 hex digits, days since 1970, 0000 when it has no date)
// followed by the last 28 hex digits of identKey, its identity's itemKey. Still derived, it is
// the same in a fresh database. The day comes first so that a fetch's new
// keys, mostly of the last few days, land in a few leaves of the key index
// (the UNIQUE index on items.key) that recent saves keep in the page
// cache. Keys drawn evenly over the index, as itemKey alone is, put each
// new item in its own leaf: with a million items that was 67 of the 166
// pages a 50-item commit wrote, against 48 of 146 on a new database, and
// each such leaf read in from the file first (BenchmarkSaveAtScale).
// Items stored before keep their keys.
func storedKey(identKey string, published time.Time) string {
	day := int64(0)
	if !published.IsZero() {
		day = min(max(published.Unix()/(24*60*60), 0), 0xffff)
	}
	return fmt.Sprintf("%04x", day) + identKey[4:]
}
