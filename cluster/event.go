package cluster

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rules of the same-event decision (rule 3 of the package doc).
const (
	// MaxDays is how many days apart two reports of one event may be
	// published: further apart, they are two events even with one title
	// (an annual report's editions, a case's hearings years apart).
	MaxDays = 7
	// minEvidence is how much shared evidence the same-event rule needs:
	// two specific names or counts (a year counts half, unless both
	// headlines name it).
	minEvidence = 2
)

// WithDate returns the Doc with the item's publication date (zero:
// unknown), which Compare uses to keep apart reports too far apart in time.
func (d Doc) WithDate(published time.Time) Doc {
	d.day = 0
	if !published.IsZero() {
		d.day = published.UTC().Unix()/86400 + 1 // 0 stays "unknown"
	}
	return d
}

// veto returns why a and b cannot report one event, or "": publication
// dates too far apart, a phase of the case one headline names and the
// other text does not, or headlines that lead with different counts or
// years.
func veto(a, b Doc) string {
	if a.day != 0 && b.day != 0 && max(a.day-b.day, b.day-a.day) > MaxDays {
		return "published too far apart"
	}
	for _, pair := range [2][2]Doc{{a, b}, {b, a}} {
		x, y := pair[0], pair[1]
		for _, p := range x.ev.titlePhases {
			if !slices.Contains(y.ev.phases, p) {
				return "phase " + p + " in one headline only"
			}
		}
	}
	for _, kind := range []func(string) bool{isCount, isYear, isSmall} {
		ca, cb := headOnly(a, b, kind), headOnly(b, a, kind)
		if ca != "" && cb != "" {
			return ca + "/" + cb
		}
	}
	return ""
}

// headOnly returns a number of kind in x's headline that y's text lacks.
func headOnly(x, y Doc, kind func(string) bool) string {
	for _, h := range x.ev.head {
		if isDigits(h) && kind(h) && !hasNumber(y.ev.numbers, h) {
			return h
		}
	}
	return ""
}

// sameEvent reports whether a and b share enough specific evidence to be
// reports of one event, and which: names and counts both mention, with
// each headline leading with something the other text mentions.
func sameEvent(a, b Doc) (string, bool) {
	var shared []string
	for _, n := range a.ev.names {
		if has(b.ev.names, n) && !a.ev.frequent[n] && !isReportMark(n) {
			shared = append(shared, n)
		}
	}
	// A person named in full is one piece of evidence, not two.
	entities := min(sharedEntities(a, b), sharedEntities(b, a))
	score := float64(entities)
	edition := sharedEdition(a, b)
	if edition != "" {
		shared, score = append(shared, edition), score+editionWeight
	}
	for _, n := range a.ev.numbers {
		switch {
		case !hasNumber(b.ev.numbers, n) || a.ev.frequent[n]:
		case isYear(n) && edition != "": // the edition's year, or another year of its report
		case isCount(n) && isRound(n):
			// "Hundreds", "over 300": an estimate many events share.
			shared, score = append(shared, n), score+0.5
		case isCount(n):
			shared, score = append(shared, n), score+1
		case isYear(n) && has(a.ev.head, n) && has(b.ev.head, n):
			// Both headlines name the year: the edition of an annual report.
			shared, score = append(shared, n), score+1
		case isYear(n):
			shared, score = append(shared, n), score+0.5
		}
	}
	if ha, hb := headNameOnly(a, b), headNameOnly(b, a); ha != "" && hb != "" {
		return "", false // each headline names someone or somewhere the other report does not
	}
	hs, words, hev := headlineScore(a, b, entities > 0)
	if score < 1 && words < minWordsAlone {
		return "", false // the topic's words, a country and a kind of event fit a template's other event
	}
	wordsLead := words >= minWordsAlone
	headSaid := headShared(a, b) || headShared(b, a) || hs >= minHeadScore
	if score+hs < minEvidence || !wordsLead && (!leadsWithShared(a, b) || !leadsWithShared(b, a) || !headSaid) {
		return "", false
	}
	return strings.Join(append(shared, hev...), ", "), true
}

// headShared reports whether x's headline names something specific that
// y mentions: at least one headline must, or the leads alone would merge
// reports that only happen to name one town.
func headShared(x, y Doc) bool {
	return slices.ContainsFunc(x.ev.head, func(h string) bool {
		if isDigits(h) {
			return (isCount(h) || isYear(h)) && hasNumber(y.ev.numbers, h)
		}
		return has(y.ev.names, h)
	})
}

// headNameOnly returns a name of x's headline that y does not mention.
func headNameOnly(x, y Doc) string {
	for _, h := range x.ev.head {
		if !isDigits(h) && !has(y.ev.names, h) {
			return h
		}
	}
	return ""
}

// sharedEntities counts x's entities of which y mentions a name.
func sharedEntities(x, y Doc) int {
	n := 0
	for _, e := range x.ev.entities {
		if slices.ContainsFunc(strings.Split(e, "+"), func(w string) bool { return has(y.ev.names, w) }) {
			n++
		}
	}
	return n
}

// leadsWithShared reports whether x's headline names something specific
// that y mentions: the headline says what the report is about.
func leadsWithShared(x, y Doc) bool {
	specific := false
	for _, h := range x.ev.head {
		if isDigits(h) && (!isCount(h) && !isYear(h) || isRound(h)) {
			continue // a small number, or an estimate ("300 plus") another outlet words otherwise
		}
		specific = true
		if has(y.ev.names, h) || isDigits(h) && hasNumber(y.ev.numbers, h) {
			return true
		}
	}
	// A headline that names nothing specific ("Fishermen rush to be
	// rescued") contradicts nothing: the lead's names decide.
	return !specific
}

// has reports whether the sorted list holds s.
func has(list []string, s string) bool {
	_, ok := slices.BinarySearch(list, s)
	return ok
}

// hasNumber reports whether the sorted list holds n, or a number that n
// or it rounds: a round count is an approximation ("over 300 fishermen",
// "319 foreigners"; "about 30 graves", "32 graves"), true up to a fifth
// more.
func hasNumber(list []string, n string) bool {
	if has(list, n) {
		return true
	}
	v, err := strconv.Atoi(n)
	if err != nil || isYear(n) {
		return false
	}
	for _, m := range list {
		w, err := strconv.Atoi(m)
		if err == nil && !isYear(m) && (rounds(v, w) || rounds(w, v) || near(v, w)) {
			return true
		}
	}
	return false
}

// near reports whether two counts of a hundred or more differ by at most
// one in a hundred and two at most (larger numbers are identifiers, not
// tallies): one tally counted twice ("158 foreigners", "157
// foreigners") by outlets that stopped counting at other moments.
func near(v, w int) bool {
	d := max(v-w, w-v)
	return min(v, w) >= 100 && max(v, w) < 10000 && d <= 2 && 100*d <= max(v, w)
}

// rounds reports whether round count r may stand for exact count x.
func rounds(r, x int) bool { return r >= 20 && r%10 == 0 && x > r && x < r+r/5 }

// isSmall says a number is a small count (two to ten): no evidence of one
// event, but two headlines leading with different ones tell events apart.
func isSmall(n string) bool { return len(n) == 1 && n >= "2" || n == "10" }

// isRound says a count is a round hundred: an estimate, not a tally.
func isRound(n string) bool { return len(n) >= 3 && strings.HasSuffix(n, "00") }

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
