package tags

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// alias is one name of a country (or, with code "", a phrase that shields a
// shorter name inside it).
type alias struct {
	pat   pattern
	code  string
	rules rules
}

// rules limit when an ambiguous alias counts; see data/ambiguous.tsv.
type rules struct {
	capital, upper, proper bool
	alts                   []alt
}

// alt makes an alias mean another country (or none) when any of its context
// phrases occurs in the item.
type alt struct {
	code    string
	context []pattern
}

// gazetteer finds the countries a text is about.
type gazetteer struct {
	names   map[string]string   // code -> display name
	codes   []string            // every code, sorted
	byFirst map[string][]*alias // word aliases by first word, longest first
	subs    []*alias            // aliases in scripts written without spaces
	place   map[string]bool     // see placeWordList
	state   map[string]bool     // see stateWordList
}

// loadGazetteer reads countries.tsv and ambiguous.tsv. An alias in
// ambiguous.tsv overrides the same alias in countries.tsv; otherwise a name
// given to two countries is an error.
func loadGazetteer(countries, ambiguous []byte) (*gazetteer, error) {
	g := &gazetteer{
		names: map[string]string{}, byFirst: map[string][]*alias{},
		place: wordSet(placeWordList), state: wordSet(stateWordList),
	}
	defined := map[string]string{} // alias words -> code, to catch clashes
	if err := eachLine(ambiguous, 2, func(n int, cols []string) error {
		return g.addAmbiguous(defined, cols)
	}); err != nil {
		return nil, fmt.Errorf("ambiguous.tsv: %w", err)
	}
	if err := eachLine(countries, 4, func(n int, cols []string) error {
		return g.addCountry(defined, cols)
	}); err != nil {
		return nil, fmt.Errorf("countries.tsv: %w", err)
	}
	for k, as := range g.byFirst {
		slices.SortStableFunc(as, func(a, b *alias) int { return cmp.Compare(len(b.pat.words), len(a.pat.words)) })
		g.byFirst[k] = as
	}
	slices.Sort(g.codes)
	return g, nil
}

// eachLine calls fn with the tab-separated columns of every line that is
// neither blank nor a comment, padded to at least min columns.
func eachLine(data []byte, min int, fn func(n int, cols []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		for len(cols) < min {
			cols = append(cols, "")
		}
		if err := fn(n, cols); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

func (g *gazetteer) addCountry(defined map[string]string, cols []string) error {
	code := cols[0]
	if len(code) != 2 || strings.ToUpper(code) != code {
		return fmt.Errorf("code %q is not two capital letters", code)
	}
	if _, dup := g.names[code]; dup {
		return fmt.Errorf("%s listed twice", code)
	}
	name, _, _ := strings.Cut(cols[1], ";")
	if name == "" {
		return fmt.Errorf("%s has no name", code)
	}
	g.names[code] = name
	g.codes = append(g.codes, code)
	for _, col := range cols[1:4] {
		for s := range strings.SplitSeq(col, ";") {
			if err := g.add(defined, s, code, rules{}, false); err != nil {
				return fmt.Errorf("%s: %w", code, err)
			}
		}
	}
	return nil
}

func (g *gazetteer) addAmbiguous(defined map[string]string, cols []string) error {
	code := cols[1]
	if code == "-" {
		code = ""
	}
	r, err := parseRules(cols[2:])
	if err != nil {
		return fmt.Errorf("%s: %w", cols[0], err)
	}
	return g.add(defined, cols[0], code, r, true)
}

// add indexes one alias. Repeating an alias for the same country is
// harmless; an ambiguous.tsv entry wins over countries.tsv.
func (g *gazetteer) add(defined map[string]string, s, code string, r rules, override bool) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	p, err := parsePattern(strings.ReplaceAll(s, "*", ""))
	if err != nil {
		return err
	}
	k := p.sub + strings.Join(p.words, " ")
	if prev, ok := defined[k]; ok {
		if override {
			return fmt.Errorf("%q listed twice", s)
		}
		if prev != code && prev != "ambiguous" {
			return fmt.Errorf("%q is also %s", s, prev)
		}
		return nil
	}
	defined[k] = code
	if override {
		defined[k] = "ambiguous"
	}
	a := &alias{pat: p, code: code, rules: r}
	if p.sub != "" {
		g.subs = append(g.subs, a)
		return nil
	}
	g.byFirst[p.words[0]] = append(g.byFirst[p.words[0]], a)
	return nil
}

// parseRules reads the rule columns of ambiguous.tsv.
func parseRules(cols []string) (rules, error) {
	var r rules
	for _, w := range cols {
		w = strings.TrimSpace(w)
		switch {
		case w == "":
		case w == "capital":
			r.capital = true
		case w == "upper":
			r.upper = true
		case w == "proper":
			r.proper = true
		case strings.HasPrefix(w, "alt:"):
			a, err := parseAlt(strings.TrimPrefix(w, "alt:"))
			if err != nil {
				return r, err
			}
			r.alts = append(r.alts, a)
		default:
			return r, fmt.Errorf("unknown rule %q", w)
		}
	}
	return r, nil
}

func parseAlt(s string) (alt, error) {
	code, ctx, ok := strings.Cut(s, "=")
	if !ok || ctx == "" {
		return alt{}, fmt.Errorf("alt %q: want alt:CODE=phrase;phrase", s)
	}
	a := alt{code: code}
	if code == "-" {
		a.code = ""
	}
	for c := range strings.SplitSeq(ctx, ";") {
		p, err := parsePattern(c)
		if err != nil {
			return alt{}, fmt.Errorf("alt %q: %w", code, err)
		}
		a.context = append(a.context, p)
	}
	return a, nil
}
