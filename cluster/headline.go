package cluster

import (
	"slices"
	"strings"
)

// What two headlines share besides names and counts: the words that say
// what happened to whom ("organ harvesting plot", "severed arm"), the
// country, and the kind of event. Each is weak alone, since reports of
// the topic share a vocabulary, so each adds a fraction to the same-event
// score and the words count only when they are not the topic's own.
const (
	wordWeight    = 0.5 // per specific word both headlines use
	maxWordScore  = 1.5 // words alone never reach minEvidence
	countryWeight = 0.5 // both headlines name one country
	kindWeight    = 0.5 // both headlines report one kind of event
	headWeight    = 0.5 // both headlines name one of the shared names
	// minHeadScore is what the headlines' words, country and kind must add
	// to stand for a headline naming what the other report mentions.
	minHeadScore = 1.5
	// minWordsAlone is how many specific headline words two reports must
	// share to be one event with no specific name or count in common: a
	// rewritten headline keeps most of its words, a template's other event
	// shares two or three.
	minWordsAlone = 3
)

// topicWords are the words (stemmed) that reports of trafficking use
// whatever the event, in English and in the sources' other languages:
// sharing them is no evidence of sharing one.
var topicWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`traffic trafficking trafficked trafficker traffickers human humans sex sexual
		smuggling smuggler smugglers slave slaves slavery enslaved forced labour labor exploitation exploited abuse
		abused police cops officer officers authorities official officials rescue rescued rescues arrest arrested
		arrests raid raided raids victim victims survivor survivors women woman men man children child girls girl
		boys boy people persons person migrant migrants worker workers foreigner foreigners national nationals
		found find finds charged charge charges accused alleged allegedly suspected suspect suspects case cases
		report reports court jury guilty convicted sentenced year years prison jail jailed ring gang network
		investigation probe crime criminal crimes group groups new fresh more over plus least dozens hundreds
		several many other others two three four five six seven eight nine ten first last after amid near against
		victims' international global country countries state government minister ministry news video photos
		brothel brothels town city village border house home district province area region local
		razzia menschenhandel menschenhändler polizei frauen kinder mädchen männer arbeiter opfer befreit
		festgenommen festnahmen bordell bordelle bande
		trata mujeres niños niñas trabajadores víctimas liberadas liberados liberan libera rescatan red detenidos
		traite enfants femmes travailleurs victimes libérés libérées réseau interpellés
		tráfico trabalhadores resgatados resgata mulheres crianças vítimas escravidão
		tratta donne braccianti lavoratori vittime liberati sfruttati sfruttamento
		korban perdagangan orang pekerja perempuan anak diselamatkan
		mensenhandel vrouwen kinderen slachtoffers bevrijd`) {
		m[stem(w)] = true
	}
	return m
}()

// functionWords are the articles, prepositions and common nouns of the
// sources' other languages that the stopwords (English) lack and that are
// long enough to pass for a specific headline word: two Vietnamese
// headlines share "trong" (in) and "người" (person), two Indonesian ones
// "dari" (from), whatever they report.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`trong người những được nhưng theo cùng đang nhiều trước sau khi
		dari yang untuk dengan dalam oleh para akan pada sebanyak karena tersebut
		para como sobre entre contra desde durante hasta pelo pela com uma
		dans pour avec après selon contre sont nella della dello degli delle dopo sono tra
		dalla alla nelle negli anche`) {
		m[stem(w)] = true
	}
	return m
}()

// countryStems are the stemmed words of country names and their peoples.
var countryStems = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(countriesTxt, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			m[stem(fold(l))] = true
		}
	}
	return m
}()

// eventKinds name the kinds of event a headline reports, by word stems
// (prefixes) in the languages of the sources (English, French, Spanish,
// Portuguese, Italian, Indonesian, Vietnamese, German, Dutch, Polish,
// Romanian, Turkish). Two headlines of one event
// report one kind; unlike phaseWords, a kind the other headline does not
// name is no veto, since outlets choose which side of an event to tell.
var eventKinds = map[string][]string{
	"arrest": {"arrest", "detain", "held", "nab", "custody", "captur", "arrêt", "arret", "detenid", "ditangkap", "tangkap", "bắt",
		"festgenom", "festnahm", "verhaft", "gearresteerd", "aangehouden", "arest", "zatrzyma", "gözaltı", "tutuklan"},
	"rescue": {"rescu", "fre", "sav", "liberat", "evacu", "resgat", "rescat", "selamat", "libér", "liber",
		"befrei", "gerettet", "salvat", "bevrijd", "gered", "uwolni", "uratowa", "kurtar"},
	"raid":    {"raid", "swoop", "bust", "search", "perquisi", "allanamiento", "redada", "razzia", "durchsuch", "inval", "nalot", "percheziți"},
	"verdict": {"guilty", "convict", "verdict", "culpabl", "coupabl", "colpevol", "condamn", "schuldig", "vinovat", "suçlu"},
	"death":   {"dead", "die", "death", "kill", "bod", "grave", "corpse", "morte", "muert"},
	"release": {"releas", "launch", "publish", "unveil"},
	"trial":   {"trial", "xét", "juicio", "processo", "procès", "sidang", "julgamento"},
}

// eventKindStems is eventKinds stemmed as titles are ("guilty" is
// "guilt"), once: kindsOf runs for both sides of every comparison.
var eventKindStems = func() map[string][]string {
	out := make(map[string][]string, len(eventKinds))
	for kind, stems := range eventKinds {
		for _, s := range stems {
			out[kind] = append(out[kind], stem(s))
		}
	}
	return out
}()

// headlineWords returns the stemmed content words of x's title, without
// names and numbers (counted apart).
func headlineWords(x Doc) []string {
	var out []string
	for _, w := range strings.Fields(x.title) {
		// Names are counted apart, whole: "kelly" is not the word "kell".
		if !has(x.ev.names, w) && !isDigits(w) && !slices.ContainsFunc(x.ev.head, func(n string) bool { return stem(n) == fold(w) }) {
			out = append(out, w)
		}
	}
	return out
}

// specificHeadlineWords returns x's headline words that are not the
// topic's vocabulary nor countries, at least four letters long, each once.
func specificHeadlineWords(x Doc) []string {
	var out []string
	for _, w := range headlineWords(x) {
		if len([]rune(w)) >= 4 && !topicWords[w] && !functionWords[w] && !countryStems[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// sharedHeadline returns the specific words both headlines use, in a's
// order: a word one headline uses as a name and the other as its first
// word ("Latina: ...", "... in Latina") is one word to both.
func sharedHeadline(a, b Doc) []string {
	aw, bw := strings.Fields(a.title), strings.Fields(b.title)
	as, bs := specificHeadlineWords(a), specificHeadlineWords(b)
	var out []string
	for _, w := range aw {
		if slices.Contains(bw, w) && (slices.Contains(as, w) || slices.Contains(bs, w)) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// sharedCountry returns a country both headlines name, or "". A country
// and its people ("Thai", "Thailand") are one.
func sharedCountry(a, b Doc) string {
	bw := strings.Fields(b.title)
	for _, w := range strings.Fields(a.title) {
		if !countryStems[w] {
			continue
		}
		if slices.ContainsFunc(bw, func(o string) bool { return countryStems[o] && related(w, o) }) {
			return w
		}
	}
	return ""
}

// related reports whether two words are one, or one is a start of the
// other at least minRelated letters long.
func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || len(a) >= minRelated && strings.HasPrefix(b, a)
}

// sharedKind returns a kind of event both headlines report, or "".
func sharedKind(a, b Doc) string {
	ka, kb := kindsOf(a), kindsOf(b)
	for _, k := range ka {
		if slices.Contains(kb, k) {
			return k
		}
	}
	return ""
}

// kindsOf returns the kinds of event x's headline reports, sorted.
func kindsOf(x Doc) []string {
	var out []string
	words := headlineWords(x) // "Red Dead Redemption" reports no death
	for kind, stems := range eventKindStems {
		if slices.ContainsFunc(words, func(w string) bool {
			// A short stem is a word ("fre" of "freed"), not a prefix of "french".
			return slices.ContainsFunc(stems, func(s string) bool {
				return w == s || len(s) >= 4 && strings.HasPrefix(w, s)
			})
		}) {
			out = append(out, kind)
		}
	}
	slices.Sort(out)
	return out
}

// headlineScore is what the headlines' words, country and kind of event
// add to the same-event score, and the evidence to explain it.
// Headlines that report different kinds of event, or none, add nothing:
// shared words then are a subject's (a podcast's "record", a singer's
// name), not an event's. A country and a kind of event count only beside
// a shared name or word: with a count alone they fit another raid in the
// same country that freed as many people.
func headlineScore(a, b Doc, named bool) (score float64, words int, evidence []string) {
	k := sharedKind(a, b)
	if k == "" {
		return 0, 0, nil
	}
	shared := sharedHeadline(a, b)
	if !named && len(shared) == 0 {
		return 0, 0, nil
	}
	score = min(wordWeight*float64(len(shared)), maxWordScore) + kindWeight
	evidence = shared
	if c := sharedCountry(a, b); c != "" {
		score += countryWeight
		evidence = append(evidence, c)
	}
	if named && headlinesName(a, b) {
		score += headWeight
	}
	return score, len(shared), append(evidence, k)
}

// headlinesName reports whether both headlines name one of the names both
// reports share: the person or place each headline is about.
func headlinesName(a, b Doc) bool {
	return slices.ContainsFunc(a.ev.head, func(h string) bool { return !isDigits(h) && has(b.ev.head, h) && !a.ev.frequent[h] })
}
