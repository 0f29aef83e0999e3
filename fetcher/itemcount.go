package fetcher

import (
	"encoding/json"
	"strings"
)

// maxParsedItems caps the item and entry elements a document may hold
// before gofeed sees it (see scanXML and jsonItemsExceed).
const maxParsedItems = 25_000

// isItemTag reports whether the start tag at the start of s is named item
// or entry, after any prefix.
func isItemTag(s string) bool {
	end := 1
	for end < len(s) && !strings.ContainsRune(" \t\r\n/>", rune(s[end])) {
		end++
	}
	name := s[1:end]
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return name == "item" || name == "entry"
}

// jsonItemsExceed reports whether the JSON Feed doc has more than limit
// members in its top-level "items" array: 500,000 empty objects fit in
// 1.4 MB and cost gofeed over 300 MB. It streams tokens, so a document that
// is not a JSON object is left to the parser to reject.
func jsonItemsExceed(doc string, limit int) bool {
	d := json.NewDecoder(strings.NewReader(doc))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for d.More() {
		key, err := d.Token()
		if err != nil {
			return false
		}
		if key == "items" {
			return jsonArrayExceeds(d, limit)
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

// jsonArrayExceeds counts the members of the array d is about to read.
func jsonArrayExceeds(d *json.Decoder, limit int) bool {
	if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	for n := 1; d.More(); n++ {
		if n > limit {
			return true
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
