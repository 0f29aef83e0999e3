package filters

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// vocabFiles holds the built-in vocabularies, one file per name; see the
// package documentation for the format.
//
//go:embed vocab/*.txt
var vocabFiles embed.FS

//go:embed stopwords.txt
var stopwordsTxt string

// vocabulary is one compiled vocabulary file.
type vocabulary struct {
	entries []entry
	none    []node
	langs   []string // the language of each entry, for tests and docs
}

// loadVocabularies compiles every built-in vocabulary. An error here is a
// bug in the shipped files, which a test guards.
func loadVocabularies() (map[string]vocabulary, error) {
	names, err := fs.Glob(vocabFiles, "vocab/*.txt")
	if err != nil {
		return nil, err
	}
	out := make(map[string]vocabulary, len(names))
	for _, name := range names {
		b, err := vocabFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		v, err := parseVocabulary(name, string(b))
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(path.Base(name), ".txt")] = v
	}
	return out, nil
}

// parseVocabulary reads "[section]" headers and "LANG EXPRESSION" lines.
func parseVocabulary(name, text string) (vocabulary, error) {
	var v vocabulary
	weight := -1.0 // no section yet
	for i, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if sec, ok := strings.CutPrefix(line, "["); ok {
			w, known := sectionWeight(strings.TrimSuffix(sec, "]"))
			if !known {
				return v, fmt.Errorf("%s:%d: unknown section %s", name, i+1, line)
			}
			weight = w
			continue
		}
		if err := v.add(line, weight); err != nil {
			return v, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
	}
	return v, nil
}

// sectionWeight maps a section name to its weight; 0 is the none section.
func sectionWeight(sec string) (float64, bool) {
	switch sec {
	case "strong":
		return weightStrong, true
	case "medium":
		return weightMedium, true
	case "weak":
		return weightWeak, true
	case "none":
		return 0, true
	}
	return 0, false
}

// add compiles one "LANG EXPRESSION" line into the section of weight w.
func (v *vocabulary) add(line string, w float64) error {
	lang, expr, _ := strings.Cut(line, " ")
	expr = strings.TrimSpace(expr)
	if w < 0 {
		return fmt.Errorf("entry before the first [section]")
	}
	n, rerr := parseRule(expr)
	if rerr != nil {
		return fmt.Errorf("%s: column %d: %s", expr, column(expr, rerr.pos), rerr.msg)
	}
	if w == 0 {
		if !spanning(n) {
			return fmt.Errorf("%s: a none entry must be terms, phrases or NEAR", expr)
		}
		v.none = append(v.none, n)
		return nil
	}
	v.entries = append(v.entries, entry{label: expr, weight: w, expr: n})
	v.langs = append(v.langs, lang)
	return nil
}

// vocabNames lists the vocabularies, sorted, for error messages.
func vocabNames(vs map[string]vocabulary) []string {
	var out []string
	for n := range vs {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}
