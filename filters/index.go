package filters

// entryIndex finds, from the words an item contains, the few evidence and
// none entries of a topic that can fire on it: an entry without NOT holds
// only where one of its terms occurs, and a term occurs only where its first
// word does. With a vocabulary of hundreds of entries and an item that names
// a handful of their words, evaluating every entry was most of the cost.
type entryIndex struct {
	entries map[string][]int // a term's head -> the entries containing the term
	none    map[string][]int // the same for the none entries
	always  []int            // entries with a NOT, which can hold without their terms
}

func newEntryIndex(t *topic) entryIndex {
	x := entryIndex{entries: map[string][]int{}, none: map[string][]int{}}
	for i := range t.entries {
		if hasNot(&t.entries[i].expr) {
			x.always = append(x.always, i)
			continue
		}
		addHeads(x.entries, &t.entries[i].expr, i)
	}
	for i := range t.none {
		addHeads(x.none, &t.none[i], i)
	}
	return x
}

// addHeads records entry i under the head of every term of n, once each.
func addHeads(m map[string][]int, n *node, i int) {
	if n.op == opTerm {
		if ids := m[n.term.head]; len(ids) == 0 || ids[len(ids)-1] != i {
			m[n.term.head] = append(ids, i)
		}
		return
	}
	for k := range n.kids {
		addHeads(m, &n.kids[k], i)
	}
}

func hasNot(n *node) bool {
	if n.op == opNot {
		return true
	}
	for k := range n.kids {
		if hasNot(&n.kids[k]) {
			return true
		}
	}
	return false
}

// live reports, per entry and per none entry, whether the document holds
// the first word of one of its terms: the only entries worth evaluating.
func (x *entryIndex) live(d *document, entries, none int) (liveEntries, liveNone []bool) {
	liveEntries, liveNone = make([]bool, entries), make([]bool, none)
	for _, i := range x.always {
		liveEntries[i] = true
	}
	for head := range d.at {
		for _, i := range x.entries[head] {
			liveEntries[i] = true
		}
		for _, i := range x.none[head] {
			liveNone[i] = true
		}
	}
	return liveEntries, liveNone
}
