package cluster

import (
	"errors"
	"strconv"
	"strings"
)

// encodingVersion changes whenever NewDoc's reduction changes (stopwords,
// stemming, what counts as a name), so a Doc stored by an older version is
// refused instead of being compared with differently reduced words.
const encodingVersion = "d7"

// Encode returns the Doc in a compact text form for DecodeDoc. A store
// keeps it for recent items, so comparing a new item with its candidates
// does not split, stem and sort each candidate's text again: that was most
// of the cost of saving a new item.
func (d Doc) Encode() string {
	var b strings.Builder
	lists := [][]string{d.words, d.sorted, d.marks, d.ev.names, d.ev.entities, d.ev.numbers, d.ev.head, d.ev.titlePhases, d.ev.phases}
	n := len(encodingVersion) + len(d.title) + 32
	for _, l := range lists {
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
	b.WriteByte('\n')
	b.WriteString(strconv.FormatInt(d.day, 10))
	for _, l := range lists {
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
	parts := strings.SplitN(s, "\n", 13)
	if len(parts) != 13 || parts[0] != encodingVersion {
		return Doc{}, ErrEncoding
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 0 {
		return Doc{}, ErrEncoding
	}
	day, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil || day < 0 {
		return Doc{}, ErrEncoding
	}
	l := parts[4:]
	return Doc{title: parts[2], titleLen: n, day: day, words: fields(l[0]), sorted: fields(l[1]), marks: fields(l[2]),
		ev: evidence{names: fields(l[3]), entities: fields(l[4]), numbers: fields(l[5]), head: fields(l[6]),
			titlePhases: fields(l[7]), phases: fields(l[8])}}, nil
}

// fields splits a space-joined list; "" is the empty list.
func fields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}
