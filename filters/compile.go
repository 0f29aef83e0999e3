package filters

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
)

// Weights of evidence; see the package documentation.
const (
	weightStrong = 3 // any terms, a satisfied rule, [strong] vocabulary entries
	weightMedium = 2
	weightWeak   = 1

	// DefaultThreshold is the score a topic without a threshold needs: one
	// strong term in the body, or weaker evidence adding up to as much.
	DefaultThreshold = 3.0
)

// Options tunes compilation.
type Options struct {
	// Corpus holds the texts of the seed articles. Their words make the
	// profile an item's similarity is measured against; empty means no
	// similarity component.
	Corpus []string
}

// Set is a compiled, immutable list of topics. Its methods are safe for
// concurrent use.
type Set struct {
	topics  []topic
	profile profile
	heads   heads
	fp      string
}

// entry is one piece of scored evidence: an any term or a vocabulary line.
type entry struct {
	label  string // as written
	weight float64
	expr   node
}

// topic is one compiled topic.
type topic struct {
	src       tipwire.Topic
	entries   []entry
	rule      *node
	all       []term
	none      []node // each yields the spans it excludes
	threshold float64
	index     entryIndex
}

// Compile validates topics and compiles them into a Set without a seed
// profile; it is CompileWith with zero Options.
func Compile(topics []tipwire.Topic) (*Set, error) {
	return CompileWith(topics, Options{})
}

// CompileWith validates topics and compiles them into a Set. All problems are
// reported together (errors.Join), each naming the topic and the term or the
// rule's column.
func CompileWith(topics []tipwire.Topic, opts Options) (*Set, error) {
	var vocabs map[string]vocabulary
	if slices.ContainsFunc(topics, func(t tipwire.Topic) bool { return t.Vocabulary != "" }) {
		var err error
		if vocabs, err = loadVocabularies(); err != nil {
			return nil, err
		}
	}
	s := &Set{topics: make([]topic, 0, len(topics)), profile: newProfile(opts.Corpus), fp: fingerprint(topics, opts.Corpus)}
	var errs []error
	names := map[string]int{}
	for i, tp := range topics {
		ct, topicErrs := compileTopic(tp, vocabs)
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
	s.heads = collectHeads(s.topics)
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

// compileTopic compiles one topic and returns every problem found.
func compileTopic(tp tipwire.Topic, vocabs map[string]vocabulary) (topic, []error) {
	ct := topic{src: cloneTopic(tp), threshold: tp.Threshold}
	if ct.threshold == 0 {
		ct.threshold = DefaultThreshold
	}
	errs := ct.compileLists(tp)
	if tp.Rule != "" {
		n, err := parseRule(tp.Rule)
		if err != nil {
			errs = append(errs, fmt.Errorf("rule: column %d: %s", column(tp.Rule, err.pos), err.msg))
		} else {
			ct.rule = &n
		}
	}
	if tp.Vocabulary != "" {
		v, ok := vocabs[tp.Vocabulary]
		if !ok {
			errs = append(errs, fmt.Errorf("vocabulary %q: unknown (have %s)", tp.Vocabulary, strings.Join(vocabNames(vocabs), ", ")))
		}
		ct.entries = append(ct.entries, v.entries...)
		ct.none = append(ct.none, v.none...)
	}
	// Strongest evidence first: see unclaimed.
	slices.SortStableFunc(ct.entries, func(a, b entry) int { return cmp.Compare(b.weight, a.weight) })
	if tp.Threshold < 0 {
		errs = append(errs, fmt.Errorf("threshold %v: must not be negative", tp.Threshold))
	}
	if len(ct.entries) == 0 && len(tp.All) == 0 && tp.Rule == "" && len(errs) == 0 {
		errs = append(errs, errors.New("no any, all, rule or vocabulary: the topic would match nothing"))
	}
	ct.index = newEntryIndex(&ct)
	return ct, errs
}

// compileLists compiles the any, all and none term lists.
func (ct *topic) compileLists(tp tipwire.Topic) []error {
	var errs []error
	seen := map[string]string{} // term key -> where it was first listed
	lists := []struct {
		name  string
		terms []string
		add   func(term)
	}{
		{"any", tp.Any, func(t term) {
			ct.entries = append(ct.entries, entry{t.text, weightStrong, node{op: opTerm, term: t}})
		}},
		{"all", tp.All, func(t term) { ct.all = append(ct.all, t) }},
		{"none", tp.None, func(t term) { ct.none = append(ct.none, node{op: opTerm, term: t}) }},
	}
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
			l.add(t)
		}
	}
	return errs
}

func termError(where, raw string, err error) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("%s: %w", where, err)
	}
	return fmt.Errorf("%s %q: %w", where, raw, err)
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
