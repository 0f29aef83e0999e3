package filters

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tipwire/tipwire/text"
)

// minPrefix is the fewest letters a prefix word may have: shorter prefixes
// ("a*", "tr*") match so many words that they are almost always a mistake.
const minPrefix = 3

// term is one compiled word or phrase.
type term struct {
	text   string   // as written, for Match.Terms
	words  []string // normalised words
	prefix []bool   // prefix[i]: words[i] matches every word it begins
	head   string   // a document's key for the first word: it, or it and '*' for a prefix
}

// key identifies a term after normalisation, for finding duplicates.
func (t term) key() string {
	var b strings.Builder
	for i, w := range t.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if t.prefix[i] {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// compileTerm parses one term: a word or a phrase, any of whose words may end
// in '*' to make it a prefix.
func compileTerm(raw string) (term, error) {
	if strings.TrimSpace(raw) == "" {
		return term{}, errors.New("empty term")
	}
	t := term{text: raw}
	segs := strings.Split(raw, "*")
	for i, seg := range segs {
		if i > 0 && seg != "" {
			if r, _ := utf8.DecodeRuneInString(seg); text.IsWordRune(r) {
				return term{}, errors.New("'*' is allowed only at the end of a word, as in traffick*")
			}
		}
		n := len(t.words)
		for _, tk := range splitWords(nil, seg, 0) {
			t.words, t.prefix = append(t.words, tk.word), append(t.prefix, false)
		}
		if i == len(segs)-1 {
			break
		}
		if err := checkStar(t, seg, n); err != nil {
			return term{}, err
		}
		t.prefix[len(t.prefix)-1] = true
	}
	if len(t.words) == 0 {
		return term{}, errors.New("no letters or digits")
	}
	t.head = t.words[0]
	if t.prefix[0] {
		t.head += "*"
	}
	return t, nil
}

// checkStar checks the '*' that follows seg, whose words start at index n of
// t.words.
func checkStar(t term, seg string, n int) error {
	if len(t.words) == n && strings.TrimSpace(seg) == "" && len(t.words) == 0 {
		return errors.New("a bare '*' is not a term")
	}
	if r, _ := utf8.DecodeLastRuneInString(seg); len(t.words) == n || !text.IsWordRune(r) {
		return errors.New("'*' must directly follow a letter or digit, as in traffick*")
	}
	if last := t.words[len(t.words)-1]; utf8.RuneCountInString(last) < minPrefix {
		return fmt.Errorf("prefix %q is shorter than %d letters", last, minPrefix)
	}
	return nil
}
