package filters_test

import (
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
)

func TestRuleErrors(t *testing.T) {
	tests := []struct {
		name string
		rule string
		want string
	}{
		{"unterminated quote", `traffick* AND "forced labour`, `rule: column 15: unterminated quote`},
		{"unclosed parenthesis", `(women OR girls AND traffick*`, `rule: column 1: '(' is never closed`},
		{"stray closing parenthesis", `women) OR girls`, `rule: column 6: unexpected ')': join terms with AND, OR or NEAR/n`},
		{"empty parentheses", `traffick* AND ()`, `rule: column 15: empty parentheses`},
		{"operator at the end", `traffick* AND`, `rule: column 14: unexpected end of rule: a term is missing`},
		{"operator at the start", `OR traffick*`, `rule: column 1: expected a term, a phrase or '(' but found OR`},
		{"two operators", `a AND OR b`, `rule: column 7: expected a term, a phrase or '(' but found OR`},
		{"phrases without operator", `"forced labour" "debt bondage"`, `rule: column 17: unexpected "\"debt bondage\"": join terms with AND, OR or NEAR/n`},
		{"unknown field", `body:traffick*`, `rule: column 1: unknown field "body" (want title, summary, content, source or tag)`},
		{"field scope inside another", `title:(summary:traffick*)`, `rule: column 1: field title: contains another field scope`},
		{"NEAR without distance", `traffick* NEAR women`, `rule: column 11: NEAR: write NEAR/n with n from 1 to 50`},
		{"NEAR distance zero", `traffick* NEAR/0 women`, `rule: column 11: NEAR/0: write NEAR/n with n from 1 to 50`},
		{"NEAR distance too large", `traffick* NEAR/51 women`, `rule: column 11: NEAR/51: write NEAR/n with n from 1 to 50`},
		{"NEAR distance not a number", `traffick* NEAR/x women`, `rule: column 11: NEAR/x: write NEAR/n with n from 1 to 50`},
		{"NEAR over AND", `(forced AND labour) NEAR/3 women`, `rule: column 1: NEAR operands must be terms, phrases or OR groups of them (not AND or NOT)`},
		{"NEAR over NOT", `women NEAR/3 NOT drugs`, `rule: column 14: expected a term, a phrase or '(' but found NOT`},
		{"only NOT", `NOT drug*`, `rule: column 1: every term is under NOT: the rule could match only by absence`},
		{"star inside a word", `traf*icking`, `rule: column 1: "traf*icking": '*' is allowed only at the end of a word, as in traffick*`},
		{"short prefix", `women AND tr*`, `rule: column 11: "tr*": prefix "tr" is shorter than 3 letters`},
		{"bare star", `women OR *`, `rule: column 10: "*": a bare '*' is not a term`},
		{"no letters", `women OR "--"`, `rule: column 10: "--": no letters or digits`},
		{"column counts characters, not bytes", `ค้ามนุษย์ AND )`, `rule: column 15: expected a term, a phrase or '(' but found ')'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := filters.Compile([]tipwire.Topic{{Name: "t", Rule: tt.rule}})
			want := "topics[0] (t): " + tt.want
			if err == nil || err.Error() != want {
				t.Errorf("Compile(rule %q) error:\n%v\nwant:\n%s", tt.rule, err, want)
			}
		})
	}
}

func TestTopicErrors(t *testing.T) {
	tests := []struct {
		name  string
		topic tipwire.Topic
		want  string
	}{
		{"unknown vocabulary", tipwire.Topic{Name: "t", Vocabulary: "drugs"}, `topics[0] (t): vocabulary "drugs": unknown (have trafficking)`},
		{"negative threshold", tipwire.Topic{Name: "t", Any: []string{"x"}, Threshold: -1}, `topics[0] (t): threshold -1: must not be negative`},
		{"rule error beside a term error", tipwire.Topic{Name: "t", Any: []string{"*"}, Rule: "a AND"},
			"topics[0] (t): any[0] \"*\": a bare '*' is not a term\ntopics[0] (t): rule: column 6: unexpected end of rule: a term is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := filters.Compile([]tipwire.Topic{tt.topic})
			if err == nil || err.Error() != tt.want {
				t.Errorf("Compile error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestRuleSemantics(t *testing.T) {
	item := tipwire.Item{
		Title:      "Police free trafficked women from a karaoke bar",
		Summary:    "<p>The women said recruiters had lured them with promises of restaurant jobs.</p>",
		Content:    "<p>Officers also seized drugs. Forced labour charges are expected.</p>",
		Categories: []string{"Cambodia", "Human rights"},
		Outlet:     "Mekong Wire",
	}
	tests := []struct {
		rule string
		want bool
	}{
		{`trafficked`, true},
		{`women AND karaoke`, true},
		{`women AND casino`, false},
		{`casino OR karaoke`, true},
		{`NOT casino AND women`, true},
		{`women AND NOT drugs`, false},
		{`women AND NOT (casino OR cocaine)`, true},
		{`(casino OR bar) AND (lured OR tricked)`, true},
		{`casino OR bar AND cocaine`, false}, // AND binds tighter: casino OR (bar AND cocaine)
		{`karaoke OR bar AND cocaine`, true},
		{`"forced labour"`, true},
		{`"labour forced"`, false},
		{`forced labour`, true}, // bare words form a phrase
		{`free trafficked women`, true},
		{`free women`, false},
		{`traffick*`, true},
		{`recruit*`, true},
		{`lure`, false}, // whole words only
		{`lured NEAR/3 jobs`, false},
		{`lured NEAR/5 jobs`, true},
		{`jobs NEAR/5 lured`, true}, // either order
		{`(lured OR tricked) NEAR/5 (jobs OR work)`, true},
		{`women NEAR/50 charges`, false}, // NEAR stays within one field
		{`title:trafficked`, true},
		{`summary:trafficked`, false},
		{`content:"forced labour"`, true},
		{`title:(women AND police)`, true},
		{`tag:cambodia`, true},
		{`tag:"human rights"`, true},
		{`tag:(cambodia rights)`, false}, // a phrase does not span categories
		{`source:mekong`, true},
		{`mekong`, false}, // the outlet's name is not the item's text
		{`TRAFFICKED AND Women`, true},
		{`women and karaoke`, false}, // lower-case "and" is a word of a phrase
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			set, err := filters.Compile([]tipwire.Topic{{Name: "t", Rule: tt.rule}})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(set.Match(item)) > 0; got != tt.want {
				t.Errorf("rule %q matched = %v, want %v", tt.rule, got, tt.want)
			}
		})
	}
}

func TestRuleWithNegativeContext(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{{
		Name: "t", Rule: `traffick* AND (migrants OR victims OR labour)`, None: []string{"drug traffick*"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"Drug traffickers forced migrants into labour", false}, // the only traffick* is the drug sense
		{"Drug traffickers trafficked migrants into forced labour", true},
		{"Trafficking victims rescued from a drug ring", true},
		{"Drug trafficking victims' families march", false},
	}
	for _, tt := range tests {
		if got := len(set.Match(tipwire.Item{Title: tt.text})) > 0; got != tt.want {
			t.Errorf("%q matched = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestThresholdAndExplanation(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "t", Any: []string{"bondage"}, Threshold: 4}})
	if err != nil {
		t.Fatal(err)
	}
	body := set.Evaluate(tipwire.Item{Summary: "debt bondage"})
	if body[0].Matched || body[0].Score != 3 || body[0].Reason != `score 3.00 < threshold 4: "bondage" +3.00` {
		t.Errorf("body only: %+v, want unmatched at 3 with the reason", body[0])
	}
	title := set.Match(tipwire.Item{Title: "Debt bondage"})
	if len(title) != 1 || title[0].Score != 6 || title[0].Reason != `score 6.00 ≥ threshold 4: "bondage" (title) +6.00` {
		t.Errorf("title: %+v, want a match at 6 with the reason", title)
	}
}

// TestRuleCostBounded feeds a hostile item (one word repeated many times)
// to a NEAR rule; occurrences are capped, so the pairwise work is bounded.
func TestRuleCostBounded(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "t", Rule: `(traffick* OR women*) NEAR/50 (women* OR traffick*)`}})
	if err != nil {
		t.Fatal(err)
	}
	item := tipwire.Item{Content: strings.Repeat("women trafficking ", 50000)}
	if ms := set.Match(item); len(ms) != 1 {
		t.Errorf("Match = %+v, want one match", ms)
	}
}

func BenchmarkRuleNearHostile(b *testing.B) {
	set, err := filters.Compile([]tipwire.Topic{{Name: "t", Rule: `(traffick* OR women*) NEAR/50 (women* OR traffick*)`}})
	if err != nil {
		b.Fatal(err)
	}
	item := tipwire.Item{Content: strings.Repeat("women trafficking ", 5000)}
	for b.Loop() {
		set.Match(item)
	}
}
