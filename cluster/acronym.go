package cluster

import (
	"slices"
	"strings"
)

// Acronyms the text spells out ("Presidential Anti-Organized Crime
// Commission (PAOCC)", "Philippine offshore gaming operators (Pogos)")
// name an agency or an industry, which every report about it names: like
// the police, they say who acted, not which event this is. Another
// outlet's report of the event may name the agency in full, or not at all.
const (
	minAcronym = 3
	maxAcronym = 7
)

// dropSpelledOut removes from e's names, headline and entities the
// acronyms that the words ws spell out.
func (e *evidence) dropSpelledOut(ws []word) {
	var drop []string
	for _, n := range e.names {
		if l := len(n); l >= minAcronym && l <= maxAcronym {
			// The spelling words stay names: a place may be part of a
			// company's name ("Pusaka Benjina Resources (PBR)").
			if spelledOut(n, ws) != nil {
				drop = append(drop, n)
			}
		}
	}
	if drop == nil {
		return
	}
	gone := func(n string) bool { return slices.Contains(drop, n) }
	e.names = slices.DeleteFunc(e.names, gone)
	e.head = slices.DeleteFunc(e.head, gone)
	e.entities = slices.DeleteFunc(e.entities, func(ent string) bool {
		return slices.ContainsFunc(strings.Split(ent, "+"), gone)
	})
}

// spelledOut returns the consecutive words of ws whose initials, of all of
// them or only of those that are not stopwords ("Department of Justice"),
// spell the acronym, or the acronym without a plural s; nil if none do.
func spelledOut(acronym string, ws []word) []word {
	forms := []string{acronym}
	if a, ok := strings.CutSuffix(acronym, "s"); ok && len(a) >= minAcronym {
		forms = append(forms, a)
	}
	for _, contentOnly := range []bool{false, true} {
		var initials []rune
		var at []int // index in ws of each initial
		for i, w := range ws {
			if contentOnly && w.normalised == "" {
				continue
			}
			initials = append(initials, []rune(fold(w.text))[0])
			at = append(at, i)
		}
		for _, f := range forms {
			// A word is not its own spelling: a match takes len(f) words.
			if i := strings.Index(string(initials), f); i >= 0 {
				start := len([]rune(string(initials)[:i]))
				return ws[at[start] : at[start+len([]rune(f))-1]+1]
			}
		}
	}
	return nil
}
