package filters_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
)

// FuzzCompileRule feeds arbitrary text to the topic rule language: Compile
// either rejects it with an error naming the topic, or yields a Set whose
// Match never panics and gives the same answer twice.
func FuzzCompileRule(f *testing.F) {
	for _, r := range []string{
		`traffick* AND (migrants OR victims OR labour)`,
		`(traffick* OR women*) NEAR/50 (women* OR traffick*)`,
		`title:"forced labour" AND NOT tag:sport`,
		`"human trafficking" OR (scam NEAR/3 compound*) AND NOT "drug trafficking"`,
		`a AND`, `((((`, `NEAR/0 x`, `x NEAR/51 y`, `NOT x`, `source:(a OR b)`, `"unterminated`,
		`trata de personas OR торговля людьми OR الاتجار بالبشر`, `*`, `a*b`, "\x00\xff",
	} {
		f.Add(r, "Police rescue victims of human trafficking", "Forced labour in a scam compound")
	}
	f.Fuzz(func(t *testing.T, rule, title, summary string) {
		set, err := filters.Compile([]tipwire.Topic{{Name: "fuzz", Rule: rule}})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error does not name the topic: %v", err)
			}
			return
		}
		it := tipwire.Item{Title: title, Summary: summary, Categories: []string{rule}}
		first := set.Match(it)
		if again := set.Match(it); !reflect.DeepEqual(first, again) {
			t.Fatalf("Match not deterministic: %v then %v", first, again)
		}
	})
}
