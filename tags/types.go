package tags

import (
	"fmt"
	"slices"
	"strconv"
)

// Exploitation type tags.
const (
	Sexual            = "sexual"
	Labour            = "labour"
	Child             = "child"
	Organ             = "organ"
	ForcedMarriage    = "forced-marriage"
	ForcedCriminality = "forced-criminality"
	DomesticServitude = "domestic-servitude"
)

// Event type tags.
const (
	ArrestRaid            = "arrest-raid"
	Rescue                = "rescue"
	ProsecutionConviction = "prosecution-conviction"
	LegislationPolicy     = "legislation-policy"
	ReportData            = "report-data"
)

// ExploitationTypes lists the exploitation type tags in the order Tag
// returns them.
func ExploitationTypes() []string {
	return []string{Sexual, Labour, Child, Organ, ForcedMarriage, ForcedCriminality, DomesticServitude}
}

// EventTypes lists the event type tags in the order Tag returns them.
func EventTypes() []string {
	return []string{ArrestRaid, Rescue, ProsecutionConviction, LegislationPolicy, ReportData}
}

// typeThreshold is the evidence a type tag needs: one weight-2 phrase, or a
// weight-1 phrase in the title, or two weight-1 phrases.
const typeThreshold = 2

// evidence is one phrase of types.tsv.
type evidence struct {
	tag    string
	ord    int // tag's place in typeSet.order
	weight int
	pat    pattern
}

// typeSet finds the exploitation and event types of a text.
type typeSet struct {
	order []string // every tag, in output order
	lines []evidence
	index *phraseIndex // lines[n].pat is pattern number n
}

// loadTypes reads types.tsv; a tag not in ExploitationTypes or EventTypes
// is an error, so the data and the documented vocabulary cannot drift.
func loadTypes(data []byte) (*typeSet, error) {
	ts := &typeSet{order: append(ExploitationTypes(), EventTypes()...), index: newPhraseIndex()}
	err := eachLine(data, 4, func(n int, cols []string) error {
		ord := slices.Index(ts.order, cols[0])
		if ord < 0 {
			return fmt.Errorf("unknown tag %q", cols[0])
		}
		w, err := strconv.Atoi(cols[1])
		if err != nil || w < 1 || w > typeThreshold {
			return fmt.Errorf("weight %q: want 1 or 2", cols[1])
		}
		p, err := parsePattern(cols[3])
		if err != nil {
			return err
		}
		ts.lines = append(ts.lines, evidence{tag: cols[0], ord: ord, weight: w, pat: p})
		ts.index.add(p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("types.tsv: %w", err)
	}
	return ts, nil
}

// types returns the type tags whose evidence reaches the threshold. Each
// phrase counts once, double when it occurs in the title.
func (ts *typeSet) types(fields []*field) []string {
	seen := make([]uint8, len(ts.lines)) // per line: 2 in a title, 1 elsewhere
	for _, f := range fields {
		v := uint8(1)
		if f.title {
			v = 2
		}
		ts.index.find(f, func(n int) { seen[n] = max(seen[n], v) })
	}
	score := make([]int, len(ts.order))
	for n, e := range ts.lines {
		score[e.ord] += e.weight * int(seen[n])
	}
	var out []string
	for i, t := range ts.order {
		if score[i] >= typeThreshold {
			out = append(out, t)
		}
	}
	return out
}
