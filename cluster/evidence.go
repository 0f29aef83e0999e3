package cluster

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// evidence is what a text says about which event it reports: the names
// and numbers it mentions (the same in any language written in Latin
// script, and numbers in any script), the ones its headline leads with, and
// the phases of a case it names.
type evidence struct {
	names []string // folded names that are not country-level, sorted and distinct
	// entities are the names as written together ("keith+raniere"): one
	// person or place, however many words, sorted and distinct.
	entities []string
	numbers  []string // numbers as digits, sorted and distinct
	head     []string // names and numbers of the title, sorted and distinct
	// phases named in the title, and anywhere in the text (see phaseWords).
	titlePhases, phases []string
	// frequent are names and counts that are no evidence of one event in
	// this comparison (see CompareWith); never encoded.
	frequent Frequent
}

//go:embed data/countries.txt
var countriesTxt string

// commonNames are names that many unrelated events share: countries and
// their peoples (package tags' gazetteer), news agencies, institutions,
// titles, months, the TIP Report's grades ("Tier 2", "Watch List") and
// the topic's words that other languages capitalise in the names of
// reports and agencies ("Trata de Personas"), and the topic's nouns, which
// German capitalises ("Razzia", "Frauen"). Sharing one is no evidence
// of sharing an event.
var commonNames = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(countriesTxt, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			m[fold(l)] = true
		}
	}
	for _, w := range strings.Fields(`ap afp reuters pa pti ani kuna tna cnn bbc upi efe ansa dpa xinhua bernama
		police court ministry minister policia polizia polizei politie polisi policie nacional nazionale guardia civil
		carabinieri gendarmerie department state states government president senate national
		federal international united nations un eu us usa uk human trafficking traffickers persons
		report office agency authorities authority commission committee council parliament congress
		prime secretary general officials official prosecutor prosecutors judge jury
		former acting vice deputy assistant commissioner ambassador sheriff doctor director chief head
		unit division directorate detectives investigators task force hall justice public
		home interior labor labour combat monitor review video large counter standing operation
		mass breaking update exclusive watch live photos
		north south east west northern southern eastern western central
		january february march april may june july august september october november december
		mr mrs ms dr sir lt col gen sgt
		tier nivel niveau watch list
		trata personas informe trafico traite personnes rapport trafic relatorio pessoas laporan perdagangan orang
		frauen männer kinder mädchen jugendliche opfer menschen razzia großrazzia durchsuchung durchsuchungen
		festnahme festnahmen verdächtige ermittler staatsanwaltschaft gericht landgericht amtsgericht haft bande
		menschenhandel menschenhändler bordell bordelle prostitution zwangsprostitution ausbeutung zwangsarbeit
		arbeiter arbeitskräfte beamte bundespolizei zoll`) {
		m[fold(w)] = true
	}
	return m
}()

// phaseWords name the phase of a case or the kind of follow-up a report
// is about. Reports of one event name the same phase; a look-alike report
// of the same case (the sentencing after the verdict, the closure after
// the raid, the flight home after the rescue, the announcement before the
// release) names another. A word ending in "*" is a prefix.
var phaseWords = map[string][]string{
	"verdict": {"guilty", "convict*", "verdict*", "culpable*", "coupable*", "colpevol*", "condamn*", "acquit*"},
	"sentence": {"sentenc*", "jailed", "condena*", "condann*", "haftstraf*", "jahren haft", "celstraf*", "gevangenisstraf*",
		"pozbawienia wolności", "hapis cezas*", "ani de închisoare", "ani de inchisoare"},
	"jury":    {"deliberat*", "to the jury", "closing argument*"},
	"closure": {"closure*", "closed", "shut"},
	"seizure": {"towed", "seiz*", "impound*", "confiscat*", "incaut*", "decomis*", "beschlagnahm*", "disita", "menyita"},
	"return": {"flies home", "flew home", "flight home", "return home", "returned home", "repatriat*", "dipulangkan", "pulang",
		"rapatri*", "repatriad*", "reunited", "remis* à leur* famille*", "handed back", "entregad* a sus familias"},
	"charge":   {"indict*", "grand jury", "arraign*"},
	"another":  {"second", "third", "another"},
	"upcoming": {"to unveil", "will unveil", "will release", "will be released", "to be released", "ahead of", "to release", "to publish", "will publish"},
}

// numberWords are the spelled numbers: from eleven they tell events
// apart; smaller ones are too common to count, but headlines that lead
// with different ones ("Seven girls rescued", "Five women rescued") tell
// two look-alike events apart.
var numberWords = map[string]string{"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
	"fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
	"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "hundreds": "100"}

// newEvidence reads the evidence of a title and a lead, split into words.
func newEvidence(tw, lw []word, titleCase bool) evidence {
	var e evidence
	thai := slices.ContainsFunc(tw, isThai) || slices.ContainsFunc(lw, isThai)
	leadNames := map[string]bool{}
	var ent entityRun
	for i, w := range lw {
		n, ok := asName(w, false)
		if !ok && i+1 < len(lw) && startsName(w, lw[i+1]) {
			n, ok = nameOf(w.text), true
		}
		if ok {
			leadNames[n] = true
			e.names = append(e.names, n)
		}
		ent.add(&e, w, n, ok)
		if n, ok := asNumber(w); ok && !isDayOfMonth(lw, i, n) {
			e.numbers = append(e.numbers, commonEra(n, thai))
		}
	}
	ent = entityRun{}
	for i, w := range tw {
		n, ok := asName(w, titleCase)
		if !ok && titleCase { // a Title Case word is a name when the lead says so
			n, ok = nameOf(w.text), leadNames[nameOf(w.text)]
		}
		if ok {
			e.names = append(e.names, n)
			e.head = append(e.head, n)
		}
		ent.add(&e, w, n, ok)
		if n, ok := asNumber(w); ok && !isDayOfMonth(tw, i, n) {
			n = commonEra(n, thai)
			e.numbers = append(e.numbers, n)
			e.head = append(e.head, n)
		}
	}
	e.dropSpelledOut(append(slices.Clip(tw), lw...))
	e.names = append(e.names, reportsNamed(append(slices.Clip(tw), lw...))...)
	e.entities = distinctEntities(e.entities)
	e.titlePhases = phasesOf(tw)
	e.phases = phasesOf(append(slices.Clip(tw), lw...))
	for _, l := range []*[]string{&e.names, &e.entities, &e.numbers, &e.head, &e.titlePhases, &e.phases} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return e
}

// entityRun joins names written one after the other into one entity.
type entityRun struct{ open bool }

// add notes word w, the name n when isName, in e's entities.
func (r *entityRun) add(e *evidence, w word, n string, isName bool) {
	switch {
	case !isName:
		r.open = false
	case r.open && w.spaced:
		e.entities[len(e.entities)-1] += "+" + n
	default:
		e.entities = append(e.entities, n)
		r.open = true
	}
}

// distinctEntities drops the entities that are part of a longer one:
// "Tate" after "Andrew Tate" is the same person.
func distinctEntities(ents []string) []string {
	var out []string
	for _, e := range ents {
		parts := strings.Split(e, "+")
		within := slices.ContainsFunc(ents, func(o string) bool {
			ops := strings.Split(o, "+")
			return len(ops) > len(parts) && !slices.ContainsFunc(parts, func(p string) bool { return !slices.Contains(ops, p) })
		})
		if !within {
			out = append(out, e)
		}
	}
	return out
}

// asName returns the folded word when it is a name that can tell events
// apart: capitalised, not at a sentence start or in a Title Case title,
// not a stopword and not a common name.
func asName(w word, capsUninformative bool) (string, bool) {
	acronym := w.allCaps && len(w.text) >= 3 // a dateline ("BENJINA, Indonesia") or an agency
	if !w.hasUpper || w.hasDigit || w.sentStart && !acronym || capsUninformative || w.normalised == "" {
		return "", false
	}
	n := nameOf(w.text)
	if len([]rune(n)) < 2 || commonNames[n] {
		return "", false
	}
	return n, true
}

// startsName reports whether w, capitalised at a sentence start, is the
// first word of a name that next continues ("Andrew Tate has been ...").
func startsName(w, next word) bool {
	if !w.sentStart || !w.hasUpper || w.hasDigit || w.normalised == "" || commonNames[nameOf(w.text)] {
		return false
	}
	_, ok := asName(next, false)
	return ok
}

// asNumber returns the word as a number, in digits, when it is one: a
// word of digits, or a run of digits in a word of a script written
// without spaces ("72小時"). A word with Latin letters ("B2B", "H1N1",
// "w123") is an identifier, not a count.
func asNumber(w word) (string, bool) {
	if n, ok := numberWords[strings.ToLower(w.text)]; ok {
		return n, true
	}
	if !w.hasDigit || strings.IndexFunc(w.text, func(r rune) bool { return unicode.Is(unicode.Latin, r) }) >= 0 {
		return "", false
	}
	var run, best []rune
	for _, r := range w.text + " " {
		if unicode.IsDigit(r) {
			run = append(run, '0'+rune(digitValue(r)))
			continue
		}
		if len(run) > len(best) {
			best = run
		}
		run = nil
	}
	digits := strings.TrimLeft(string(best), "0")
	if digits == "" || len(digits) > 9 {
		return "", false
	}
	return digits, true
}

// buddhistEra is how many years the Thai calendar counts before the
// common era: Thai reports date the 2024 edition of a report 2567.
const buddhistEra = 543

// commonEra returns n as a year of the common era when it is a Buddhist
// Era year of modern news in a Thai text, else n: the year carries across
// languages only when both count it alike.
func commonEra(n string, thai bool) string {
	v, err := strconv.Atoi(n)
	if !thai || err != nil || len(n) != 4 || !isYear(strconv.Itoa(v-buddhistEra)) || v < 1900+buddhistEra {
		return n
	}
	return strconv.Itoa(v - buddhistEra)
}

// isThai reports whether the word is written in Thai script.
func isThai(w word) bool {
	return strings.IndexFunc(w.text, func(r rune) bool { return unicode.Is(unicode.Thai, r) }) >= 0
}

// digitValue is the value of a decimal digit of any script: Unicode
// places each script's digits in a run of ten, from zero.
func digitValue(r rune) int {
	z := r
	for z > r-9 && unicode.IsDigit(z-1) {
		z--
	}
	return int(r - z)
}

// months are the month names of the sources' languages, as a date writes
// them beside its day ("26 June", "June 26", "5 juin", "8 de junio").
var months = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
		enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
		gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
		januari februari maret mei juni juli agustus oktober desember`) {
		m[w] = true
	}
	return m
}()

// isDayOfMonth says the number n at ws[i] is the day of a date: at most 31
// and next to a month name, or one word ("de") from it. A date says when,
// which the publication dates already compare; two events of one day
// share it by chance, and a headline's "26 June" is no count.
func isDayOfMonth(ws []word, i int, n string) bool {
	if len(n) > 2 || n > "31" && len(n) == 2 {
		return false
	}
	for _, j := range []int{i - 1, i + 1, i + 2} {
		if j >= 0 && j < len(ws) && months[fold(ws[j].text)] && (j != i+2 || ws[i+1].normalised == "" || len(ws[i+1].text) <= 2) {
			return true
		}
	}
	return false
}

// isYear says a number is a year of modern news: shared years say little,
// different years tell two editions of an annual report apart.
func isYear(n string) bool {
	v, err := strconv.Atoi(n)
	return err == nil && len(n) == 4 && v >= 1900 && v <= 2100
}

// isCount says a number is specific enough to be evidence: 11 or more and
// not a year (small numbers recur in every report).
func isCount(n string) bool { return len(n) >= 2 && n != "10" && !isYear(n) }

// phasesOf returns the phases the words name.
func phasesOf(ws []word) []string {
	var out []string
	for phase, triggers := range phaseWords {
		if slices.ContainsFunc(triggers, func(t string) bool { return hasPhrase(ws, t) }) {
			out = append(out, phase)
		}
	}
	return out
}

// hasPhrase reports whether the words contain the phrase (lower case, its
// last word a prefix when it ends in "*").
func hasPhrase(ws []word, phrase string) bool {
	parts := strings.Fields(phrase)
	for i := 0; i+len(parts) <= len(ws); i++ {
		ok := true
		for j, p := range parts {
			w := strings.ToLower(ws[i+j].text)
			if pre, isPrefix := strings.CutSuffix(p, "*"); isPrefix && !strings.HasPrefix(w, pre) || !isPrefix && w != p {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// nameOf is a word as a name: folded, and a possessive or a case ending
// written after an apostrophe names the same one ("Tate's home", "Andrew
// Tate"; Turkish "Antalya'da", in Antalya). A capital after the
// apostrophe is part of the name ("O'Neill").
func nameOf(text string) string {
	f := fold(text)
	if i := strings.IndexAny(f, "'’"); i > 0 {
		rest := []rune(text[strings.IndexAny(text, "'’"):])[1:]
		if len(rest) <= maxCaseEnding && strings.ToLower(string(rest)) == string(rest) {
			return f[:i]
		}
	}
	return f
}

// maxCaseEnding is the longest ending after an apostrophe that is taken
// for a possessive or a case ending ("'s", "'da", "'dan", "'nın"), not
// part of the name.
const maxCaseEnding = 4

// specific returns the names and counts that can find another report of
// the event, each once: the headline's first, then counts (the same in
// every script), then names.
func (e evidence) specific() []string {
	var out []string
	for _, l := range [][]string{e.head, e.numbers, e.names} {
		for _, k := range l {
			if (!isDigits(k) || isCount(k)) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}
