package cluster

import (
	"errors"
	"strconv"
	"strings"
)

// encodingVersion changes whenever NewDoc's reduction changes (stopwords,
// stemming, what counts as a name), so a Doc stored by an older version is
// refused instead of being compared with differently reduced words.
const encodingVersion = "d1"

// Encode returns the Doc in a compact text form for DecodeDoc. A store
// keeps it for recent items, so comparing a new item with its candidates
// does not split, stem and sort each candidate's text again: that was most
// of the cost of saving a new item.
func (d Doc) Encode() string {
	var b strings.Builder
	n := len(encodingVersion) + len(d.title) + 8
	for _, l := range [][]string{d.words, d.sorted, d.marks} {
		for _, w := range l {
			n += len(w) + 1
		}
	}
	b.Grow(n)
	b.WriteString(encodingVersion)
	b.WriteByte('\n')
	b.WriteString(strconv.Itoa(d.titleLen))
	b.WriteByte('\n')
	b.WriteString(d.title)
	for _, l := range [][]string{d.words, d.sorted, d.marks} {
		b.WriteByte('\n')
		b.WriteString(strings.Join(l, " "))
	}
	return b.String()
}

// ErrEncoding is returned by DecodeDoc for text Encode did not write, or
// that an Encode of another reduction wrote.
var ErrEncoding = errors.New("cluster: not an encoded doc of this version")

// DecodeDoc returns the Doc that Encode turned into s. Words are never
// empty and never contain a space or a newline (splitWords cuts at both),
// so the form needs no escaping. The Doc's strings share s's memory.
func DecodeDoc(s string) (Doc, error) {
	parts := strings.SplitN(s, "\n", 6)
	if len(parts) != 6 || parts[0] != encodingVersion {
		return Doc{}, ErrEncoding
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 0 {
		return Doc{}, ErrEncoding
	}
	return Doc{title: parts[2], titleLen: n, words: fields(parts[3]), sorted: fields(parts[4]), marks: fields(parts[5])}, nil
}

// fields splits a space-joined list; "" is the empty list.
func fields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}
