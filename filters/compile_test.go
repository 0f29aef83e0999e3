package filters_test

import (
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
)

func TestCompileErrors(t *testing.T) {
	ok := tipwire.Topic{Name: "ok", Any: []string{"human trafficking"}}
	tests := []struct {
		name   string
		topics []tipwire.Topic
		want   []string // every line of the error, in order
	}{
		{
			name:   "empty term",
			topics: []tipwire.Topic{{Name: "trafficking", Any: []string{"a", "b", "c", "  "}}},
			want:   []string{"topics[0] (trafficking): any[3]: empty term"},
		},
		{
			name:   "bare star",
			topics: []tipwire.Topic{{Name: "t", Any: []string{"x"}, None: []string{"*"}}},
			want:   []string{`topics[0] (t): none[0] "*": a bare '*' is not a term`},
		},
		{
			name:   "star inside a term",
			topics: []tipwire.Topic{{Name: "t", Any: []string{"traf*icking"}}},
			want:   []string{`topics[0] (t): any[0] "traf*icking": '*' is allowed only at the end of a word, as in traffick*`},
		},
		{
			name:   "star after a separator",
			topics: []tipwire.Topic{{Name: "t", Any: []string{"human *", "anti-*"}}},
			want: []string{
				`topics[0] (t): any[0] "human *": '*' must directly follow a letter or digit, as in traffick*`,
				`topics[0] (t): any[1] "anti-*": '*' must directly follow a letter or digit, as in traffick*`,
			},
		},
		{
			name:   "short prefix",
			topics: []tipwire.Topic{{Name: "t", Any: []string{"tr*", "forced la*"}}},
			want: []string{
				`topics[0] (t): any[0] "tr*": prefix "tr" is shorter than 3 letters`,
				`topics[0] (t): any[1] "forced la*": prefix "la" is shorter than 3 letters`,
			},
		},
		{
			name:   "no letters",
			topics: []tipwire.Topic{{Name: "t", All: []string{"--!"}}},
			want:   []string{`topics[0] (t): all[0] "--!": no letters or digits`},
		},
		{
			name:   "duplicate term after normalisation",
			topics: []tipwire.Topic{{Name: "t", Any: []string{"Human Trafficking"}, None: []string{"human-trafficking"}}},
			want:   []string{`topics[0] (t): none[0] "human-trafficking": same term as any[0]`},
		},
		{
			name:   "no any or all",
			topics: []tipwire.Topic{{Name: "t", None: []string{"drug trafficking"}}},
			want:   []string{"topics[0] (t): no any, all, rule or vocabulary: the topic would match nothing"},
		},
		{
			name:   "empty name",
			topics: []tipwire.Topic{ok, {Any: []string{"x"}}},
			want:   []string{"topics[1] (): name is empty"},
		},
		{
			name:   "bad name",
			topics: []tipwire.Topic{{Name: "Human Trafficking", Any: []string{"x"}}},
			want:   []string{`topics[0] (Human Trafficking): name "Human Trafficking" may contain only lowercase letters a-z, digits and '-'`},
		},
		{
			name:   "duplicate name",
			topics: []tipwire.Topic{ok, {Name: "ok", Any: []string{"y"}}},
			want:   []string{`topics[1] (ok): name "ok" already used by topics[0]`},
		},
		{
			name: "all problems reported together",
			topics: []tipwire.Topic{
				{Name: "a", Any: []string{""}},
				ok,
				{Name: "B", All: []string{"*"}},
			},
			want: []string{
				"topics[0] (a): any[0]: empty term",
				`topics[2] (B): name "B" may contain only lowercase letters a-z, digits and '-'`,
				`topics[2] (B): all[0] "*": a bare '*' is not a term`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := filters.Compile(tt.topics)
			if err == nil {
				t.Fatalf("Compile succeeded (%v), want errors %q", set, tt.want)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Compile error:\n%s\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCompileAccepts(t *testing.T) {
	topics := []tipwire.Topic{
		{Name: "trafficking", Title: "Human trafficking news", Any: []string{"human trafficking", "traffick*"}, None: []string{"drug trafficking"}},
		{Name: "cambodia-2", All: []string{"cambodia", "trafficking"}},
	}
	set, err := filters.Compile(topics)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	if got := set.Topics(); len(got) != 2 || got[0].Name != "trafficking" || got[1].All[1] != "trafficking" {
		t.Errorf("Topics() = %+v, want the topics as given", got)
	}
	// Neither the caller's slices nor Topics' result can change the Set.
	topics[0].Any[0] = "changed"
	set.Topics()[0].Any[1] = "changed"
	if got := set.Topics()[0].Any; got[0] != "human trafficking" || got[1] != "traffick*" {
		t.Errorf("Topics()[0].Any = %q after outside edits, want the compiled terms", got)
	}
	if m := set.Match(tipwire.Item{Title: "Human trafficking ring"}); len(m) != 1 || m[0].Terms[0] != "human trafficking" {
		t.Errorf("Match after outside edits = %+v, want the compiled rules", m)
	}
}

func TestCompileNoTopics(t *testing.T) {
	set, err := filters.Compile(nil)
	if err != nil {
		t.Fatalf("Compile(nil): %v", err)
	}
	if m := set.Match(tipwire.Item{Title: "human trafficking"}); m != nil {
		t.Errorf("empty Set matched: %+v", m)
	}
}
