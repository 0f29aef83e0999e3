package filters

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
)

// Scoring constants; see the package documentation.
const (
	titleFactor   = 2    // evidence in the title counts double
	repeatBonus   = 0.25 // of the weight, per further occurrence
	repeatMax     = 4    // further occurrences that earn the bonus
	simWeight     = 3    // points for a perfect similarity to the seed profile
	scorePrecison = 100  // scores are rounded to hundredths
)

// Verdict is the full outcome of one topic for one item, matched or not,
// with the explanation tipwire check prints.
type Verdict struct {
	Topic      string
	Matched    bool
	Score      float64  // 0 when a gate (all, rule, none) failed
	Threshold  float64  // the topic's threshold
	Terms      []string // the entries that fired, as written
	Similarity float64  // cosine similarity to the seed profile, 0 to 1
	Reason     string   // the score's parts, or the gate that failed
}

// part is one contribution to a score.
type part struct {
	label  string
	points float64
	title  bool // the evidence is in the title
	seed   bool // the part is the seed similarity, not a term
	terms  []string
}

// Match returns one Match per topic the item matches, in topic order, or nil.
func (s *Set) Match(it tipwire.Item) []tipwire.Match {
	var out []tipwire.Match
	for _, v := range s.evaluate(it, false) {
		if v.Matched {
			out = append(out, tipwire.Match{Topic: v.Topic, Terms: v.Terms, Score: v.Score, Reason: v.Reason})
		}
	}
	return out
}

// Evaluate returns a Verdict for every topic, in topic order.
func (s *Set) Evaluate(it tipwire.Item) []Verdict { return s.evaluate(it, true) }

// evaluate is Evaluate; without explainMisses, a topic that found no
// evidence at all gives no Reason, which takes a second evaluation of its
// entries to write and which Match, on the fetch path, throws away.
func (s *Set) evaluate(it tipwire.Item, explainMisses bool) []Verdict {
	if len(s.topics) == 0 {
		return nil
	}
	d := newDocument(it, s.heads)
	sim := &lazySimilarity{p: &s.profile, d: d}
	out := make([]Verdict, len(s.topics))
	for i := range s.topics {
		out[i] = s.topics[i].verdict(d, sim, explainMisses)
	}
	return out
}

// lazySimilarity computes an item's similarity to the seed profile once,
// and only when asked: an item no topic finds evidence in (most general
// news) never needs it on the fetch path.
type lazySimilarity struct {
	p    *profile
	d    *document
	sim  float64
	done bool
}

func (l *lazySimilarity) get() float64 {
	if !l.done {
		l.sim, l.done = l.p.similarity(l.d), true
	}
	return l.sim
}

// verdict applies the rules of the package documentation to one topic.
func (t *topic) verdict(d *document, lazySim *lazySimilarity, explainMisses bool) Verdict {
	v := Verdict{Topic: t.src.Name, Threshold: t.threshold}
	if explainMisses {
		v.Similarity = round(lazySim.get())
	}
	liveEntries, liveNone := t.index.live(d, len(t.entries), len(t.none))
	var excl []span
	for i := range t.none {
		if liveNone[i] {
			excl = append(excl, d.eval(&t.none[i], nil, true).spans...)
		}
	}
	gated, fail := t.gates(d, excl)
	if fail != "" {
		v.Reason = fail
		return v
	}
	var parts []part
	// Entries run strongest first; an occurrence whose words all count
	// already for a stronger entry adds nothing ("trafficking" inside "human
	// trafficking" is not also weak evidence).
	claimed := make([]bool, len(d.toks))
	for i := range t.entries {
		if !liveEntries[i] {
			continue
		}
		e := &t.entries[i]
		r := d.eval(&e.expr, excl, false)
		if occ := unclaimed(r.spans, claimed); len(occ) > 0 {
			parts = append(parts, evidence(d, strings.Join(unique(r.terms), " + "), e.weight, occ))
		}
	}
	parts = append(parts, gated...)
	if len(parts) == 0 {
		if explainMisses {
			v.Reason = t.nothingFired(d)
		}
		return v
	}
	sim := lazySim.get()
	v.Similarity = round(sim)
	for _, p := range parts {
		v.Score += p.points
		for _, t := range p.terms {
			if !slices.Contains(v.Terms, t) {
				v.Terms = append(v.Terms, t)
			}
		}
	}
	if sim > 0 {
		parts = append(parts, part{label: fmt.Sprintf("seed similarity %.2f", sim), points: simWeight * sim, seed: true})
		v.Score += simWeight * sim
	}
	v.Score = round(v.Score)
	v.Matched = v.Score >= t.threshold
	v.Reason = explain(v, parts)
	return v
}

// gates checks the all terms, the rule and, for a topic whose only evidence
// is its all terms, the none terms. It returns the evidence they give, or
// why the item fails.
func (t *topic) gates(d *document, excl []span) ([]part, string) {
	var parts []part
	for _, a := range t.all {
		occ := d.find(a, textFields)
		if len(occ) == 0 {
			return nil, fmt.Sprintf("all term %q does not occur", a.text)
		}
		parts = append(parts, evidence(d, a.text, weightStrong, occ))
	}
	if t.rule != nil {
		r := d.eval(t.rule, excl, false)
		if !r.ok {
			return nil, "rule not satisfied"
		}
		p := evidence(d, "rule", weightStrong, r.spans)
		p.label = strings.Join(r.terms, " + ")
		parts = append(parts, p)
	}
	if len(t.entries) == 0 && t.rule == nil && len(excl) > 0 {
		return nil, fmt.Sprintf("none term %q occurs", d.text(excl[0]))
	}
	return parts, ""
}

// nothingFired says why a topic with entries found no evidence.
func (t *topic) nothingFired(d *document) string {
	for i := range t.entries {
		if r := d.eval(&t.entries[i].expr, nil, false); r.ok {
			return fmt.Sprintf("%q occurs only in excluded context", t.entries[i].label)
		}
	}
	return "no term fired"
}

// evidence scores one fired entry from its occurrences.
func evidence(d *document, label string, weight float64, spans []span) part {
	p := part{label: label, points: weight, title: d.inTitle(spans), terms: strings.Split(label, " + ")}
	if p.title {
		p.points *= titleFactor
	}
	p.points += weight * repeatBonus * float64(min(len(spans)-1, repeatMax))
	return p
}

// explain writes a verdict's score as the sum of its parts.
func explain(v Verdict, parts []part) string {
	var b strings.Builder
	cmp := "<"
	if v.Matched {
		cmp = "≥"
	}
	fmt.Fprintf(&b, "score %.2f %s threshold %g:", v.Score, cmp, v.Threshold)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(',')
		}
		switch {
		case p.seed:
			fmt.Fprintf(&b, " %s +%.2f", p.label, p.points)
		case p.title:
			fmt.Fprintf(&b, " %q (title) +%.2f", p.label, p.points)
		default:
			fmt.Fprintf(&b, " %q +%.2f", p.label, p.points)
		}
	}
	return b.String()
}

// text returns the words of a span, for messages.
func (d *document) text(s span) string {
	ws := make([]string, 0, s.end-s.start)
	for _, t := range d.toks[s.start:s.end] {
		ws = append(ws, t.word)
	}
	return strings.Join(ws, " ")
}

func round(x float64) float64 { return math.Round(x*scorePrecison) / scorePrecison }

// unclaimed returns the spans with a word no earlier entry counted, and
// claims their words.
func unclaimed(spans []span, claimed []bool) []span {
	var out []span
	for _, s := range spans {
		if slices.Contains(claimed[s.start:s.end], false) {
			out = append(out, s)
		}
	}
	for _, s := range out {
		for i := s.start; i < s.end; i++ {
			claimed[i] = true
		}
	}
	return out
}

// unique returns ss without repeats, in first-seen order.
func unique(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
