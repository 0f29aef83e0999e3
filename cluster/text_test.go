package cluster

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// TestSplitWordsUnchanged: words, sentence starts and name runs read from
// every report of the repository's labelled sets are those the clustering
// read before it split words with package text (legacySplitWords), so
// moving onto the shared splitter moved no story.
func TestSplitWordsUnchanged(t *testing.T) {
	var texts []string
	for _, name := range []string{"stories-dev.jsonl", "relevance-dev.jsonl", "relevance-multilingual.jsonl"} {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var rec struct{ Title, Summary string }
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			texts = append(texts, rec.Title, rec.Summary)
		}
	}
	texts = append(texts, "He said 'Keith Raniere' was O'Brien’s friend.", "Anti-Organized Crime Commission: 23 held",
		"'' ' x’ ‘y’ -'z'-", "ΕΡΓΑΣΊΑΣ Gonçalves İstanbul", "मानव तस्करी")
	for _, s := range texts {
		for _, limit := range []int{0, maxLeadWords} {
			if got, want := splitWords(s, limit), legacySplitWords(s, limit); !reflect.DeepEqual(got, want) {
				t.Errorf("splitWords(%q, %d):\n got %+v\nwant %+v", s, limit, got, want)
			}
		}
	}
}

// TestFoldNames: names compare as the matcher and the tagger fold them,
// including letters the clustering's own accent table lacked.
func TestFoldNames(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Gonçalves", "GONCALVES"},
		{"Dvořák", "Dvorak"},
		{"Nguyễn", "Nguyen"},
		{"Ngô Đình", "Ngo Dinh"},
		{"Strauß", "Strauss"},
		{"Tate’s", "Tate's"},
	} {
		if fold(tt.a) != fold(tt.b) {
			t.Errorf("fold(%q) = %q, fold(%q) = %q: want one name", tt.a, fold(tt.a), tt.b, fold(tt.b))
		}
	}
}

func legacySplitWords(s string, limit int) []word {
	var out []word
	start := true
	f := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' }
	for len(s) > 0 && (limit <= 0 || len(out) < limit) {
		i := strings.IndexFunc(s, func(r rune) bool { return !f(r) })
		if i < 0 {
			break
		}
		if strings.ContainsAny(s[:i], ".!?:;|") {
			start = true
		}
		spaced := strings.Trim(s[:i], " -") == ""
		s = s[i:]
		j := strings.IndexFunc(s, f)
		if j < 0 {
			j = len(s)
		}
		if w := newWord(strings.Trim(s[:j], "'’"), start); w.text != "" {
			w.spaced = spaced && len(out) > 0
			out = append(out, w)
			start = false
		}
		s = s[j:]
	}
	return out
}
