package filters

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tipwire/tipwire"
)

// minPrefix is the fewest letters a prefix term may have: shorter prefixes
// ("a*", "tr*") match so many words that they are almost always a mistake.
const minPrefix = 3

// Set is a compiled, immutable list of topics. Its methods are safe for
// concurrent use.
type Set struct {
	topics []topic
}

// topic is one compiled topic.
type topic struct {
	src            tipwire.Topic
	any, all, none []term
}

// term is one compiled term.
type term struct {
	text   string   // as written, for Match.Terms
	words  []string // normalised words; the last is a prefix when prefix is set
	prefix bool
}

// key identifies a term after normalisation, for finding duplicates.
func (t term) key() string {
	k := strings.Join(t.words, " ")
	if t.prefix {
		k += "*"
	}
	return k
}

// Compile validates topics and compiles them into a Set. All problems are
// reported together (errors.Join), each naming the topic and the term.
func Compile(topics []tipwire.Topic) (*Set, error) {
	s := &Set{topics: make([]topic, 0, len(topics))}
	var errs []error
	names := map[string]int{}
	for i, tp := range topics {
		ct, topicErrs := compileTopic(tp)
		if msg := checkName(tp.Name, names, i); msg != "" {
			topicErrs = append([]error{errors.New(msg)}, topicErrs...)
		}
		for _, err := range topicErrs {
			errs = append(errs, fmt.Errorf("topics[%d] (%s): %w", i, tp.Name, err))
		}
		s.topics = append(s.topics, ct)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// checkName returns what is wrong with a topic name, or "". names records
// the index of each name seen so far.
func checkName(name string, names map[string]int, i int) string {
	if name == "" {
		return "name is empty"
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Sprintf("name %q may contain only lowercase letters a-z, digits and '-'", name)
		}
	}
	if j, dup := names[name]; dup {
		return fmt.Sprintf("name %q already used by topics[%d]", name, j)
	}
	names[name] = i
	return ""
}

// compileTopic compiles one topic's terms and returns every problem found.
func compileTopic(tp tipwire.Topic) (topic, []error) {
	ct := topic{src: cloneTopic(tp)}
	var errs []error
	seen := map[string]string{} // term key -> where it was first listed
	lists := []struct {
		name  string
		terms []string
		dst   *[]term
	}{{"any", tp.Any, &ct.any}, {"all", tp.All, &ct.all}, {"none", tp.None, &ct.none}}
	for _, l := range lists {
		for j, raw := range l.terms {
			where := fmt.Sprintf("%s[%d]", l.name, j)
			t, err := compileTerm(raw)
			if err == nil {
				if first, dup := seen[t.key()]; dup {
					err = fmt.Errorf("same term as %s", first)
				}
				seen[t.key()] = where
			}
			if err != nil {
				errs = append(errs, termError(where, raw, err))
				continue
			}
			*l.dst = append(*l.dst, t)
		}
	}
	if len(tp.Any) == 0 && len(tp.All) == 0 {
		errs = append(errs, errors.New("no any or all terms: the topic would match nothing"))
	}
	return ct, errs
}

func termError(where, raw string, err error) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("%s: %w", where, err)
	}
	return fmt.Errorf("%s %q: %w", where, raw, err)
}

// compileTerm parses one term: words, a phrase, or either with a trailing '*'.
func compileTerm(raw string) (term, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return term{}, errors.New("empty term")
	}
	body, prefix := strings.CutSuffix(s, "*")
	if strings.Contains(body, "*") {
		return term{}, errors.New("'*' is allowed only at the end of a term")
	}
	if prefix && strings.TrimSpace(body) == "" {
		return term{}, errors.New("a bare '*' is not a term")
	}
	if r, _ := utf8.DecodeLastRuneInString(body); prefix && !isWordRune(r) {
		return term{}, errors.New("'*' must directly follow a letter or digit, as in traffick*")
	}
	toks := splitWords(nil, body, 0)
	if len(toks) == 0 {
		return term{}, errors.New("no letters or digits")
	}
	t := term{text: raw, prefix: prefix, words: make([]string, len(toks))}
	for i, tk := range toks {
		t.words[i] = tk.word
	}
	if last := t.words[len(t.words)-1]; prefix && utf8.RuneCountInString(last) < minPrefix {
		return term{}, fmt.Errorf("prefix %q is shorter than %d letters", last, minPrefix)
	}
	return t, nil
}

// Topics returns the compiled topics as given to Compile.
func (s *Set) Topics() []tipwire.Topic {
	out := make([]tipwire.Topic, len(s.topics))
	for i, t := range s.topics {
		out[i] = cloneTopic(t.src)
	}
	return out
}

// cloneTopic copies a topic so callers cannot change a compiled Set through
// shared slices.
func cloneTopic(t tipwire.Topic) tipwire.Topic {
	t.Any = slices.Clone(t.Any)
	t.All = slices.Clone(t.All)
	t.None = slices.Clone(t.None)
	return t
}
