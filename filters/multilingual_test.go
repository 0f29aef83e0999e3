package filters_test

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/tipwire/tipwire"
)

// TestDefaultTopicLanguages checks, for every language of the built-in
// vocabulary, a true positive and a false friend (a word that looks like our
// topic and is not: trade, drugs, road traffic, "se trata de"), from
// testdata/relevance-multilingual.jsonl.
func TestDefaultTopicLanguages(t *testing.T) {
	set := compileDefault(t)
	f, err := os.Open("../testdata/relevance-multilingual.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type seen struct{ positive, falseFriend bool }
	byLang := map[string]*seen{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct{ ID, Title, Summary, Label, Lang, Note string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		v := set.Evaluate(tipwire.Item{Title: rec.Title, Summary: rec.Summary})[0]
		relevant := rec.Label == "relevant"
		if v.Matched != relevant {
			t.Errorf("%s (%s) %q: matched %v, labelled %s (%s); %s", rec.ID, rec.Lang, rec.Title, v.Matched, rec.Label, rec.Note, v.Reason)
			continue
		}
		s := byLang[rec.Lang]
		if s == nil {
			s = &seen{}
			byLang[rec.Lang] = s
		}
		s.positive = s.positive || relevant
		s.falseFriend = s.falseFriend || !relevant
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "es", "pt", "id", "ms", "th", "vi", "km", "ar", "ru", "sr", "de", "zh",
		"it", "nl", "pl", "ro", "uk", "tr", "et", "el", "tl", "my", "hi", "bn", "ne", "ur", "sw",
		"ko", "ja", "lo", "fa", "he", "cs", "sk", "hu", "bg", "sq", "lt", "lv", "ka", "si", "ta", "pa", "ha", "am"} {
		if s := byLang[lang]; s == nil || !s.positive || !s.falseFriend {
			t.Errorf("language %s: want a true positive and a rejected false friend, got %+v", lang, s)
		}
	}
}

func TestDefaultTopicExplains(t *testing.T) {
	set := compileDefault(t)
	ms := set.Match(tipwire.Item{
		Title:   "Drug traffickers forced migrants into labour, court hears",
		Summary: "Prosecutors said the gang held 30 men in debt bondage on farms.",
	})
	if len(ms) != 1 {
		t.Fatalf("Match = %+v, want the trafficking topic", ms)
	}
	if !slices.Contains(ms[0].Terms, "debt bondage") || slices.Contains(ms[0].Terms, "traffick*") {
		t.Errorf("Terms = %q, want debt bondage and not the drug sense of traffick*", ms[0].Terms)
	}
	if ms[0].Reason == "" || ms[0].Score < 3 {
		t.Errorf("Match = %+v, want a score of at least 3 and a reason", ms[0])
	}
}
