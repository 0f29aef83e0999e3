package filters

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// profile is the seed corpus as a term vector: sublinear term frequencies
// (1 + ln tf) of the content words of each article, each article's vector
// normalised to length 1 and summed, so every article weighs the same.
type profile struct {
	w    map[string]float64
	norm float64
	stop map[string]bool
}

// newProfile builds the profile of texts; a zero profile scores 0.
func newProfile(texts []string) profile {
	if len(texts) == 0 {
		return profile{}
	}
	p := profile{w: map[string]float64{}, stop: stopWords()}
	for _, text := range texts {
		v := p.vector(splitWords(nil, text, 0))
		n := vnorm(v)
		for w, x := range v {
			p.w[w] += x / n
		}
	}
	p.norm = vnorm(p.w)
	return p
}

// similarity is the cosine of the document's text vector and the profile.
func (p profile) similarity(d *document) float64 {
	if p.norm == 0 {
		return 0
	}
	var toks []token
	for _, t := range d.toks {
		if t.kind != kindSource {
			toks = append(toks, t)
		}
	}
	v := p.vector(toks)
	n := vnorm(v)
	if n == 0 {
		return 0
	}
	dot := 0.0
	for w, x := range v {
		dot += x * p.w[w]
	}
	return dot / (n * p.norm)
}

// vector counts the content words of toks: no stop words, no numbers, no
// words shorter than three letters (which also leaves out the one-character
// tokens of unspaced scripts).
func (p profile) vector(toks []token) map[string]float64 {
	tf := map[string]float64{}
	for _, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.word)
		if utf8.RuneCountInString(t.word) < 3 || unicode.IsDigit(r) || p.stop[t.word] {
			continue
		}
		tf[t.word]++
	}
	for w, n := range tf {
		tf[w] = 1 + math.Log(n)
	}
	return tf
}

func vnorm(v map[string]float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// stopWords are the function words that say nothing about a topic, from
// vocab/stopwords.txt.
func stopWords() map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(stopwordsTxt, "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, t := range splitWords(nil, line, 0) {
			out[t.word] = true
		}
	}
	return out
}
