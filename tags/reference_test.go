package tags

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

// The tagger indexes its phrases so an item is scanned once. The reference
// below computes the same tags the plain way, with no index and no fast path,
// and the tests hold the tagger to it over real items and random ones.

// refTag tags an item by trying every phrase at every word of every field,
// and every substring phrase in every field with text written without spaces.
func refTag(tg *Tagger, it tipwire.Item) []string {
	fields := itemFields(it)
	folded := map[*field]string{} // "" for fields without no-space text
	for _, f := range fields {
		if refHasNoSpace(f.text) {
			folded[f] = text.Fold(f.text)
		}
	}
	in := func(p pattern, f *field) bool {
		if p.sub != "" {
			return strings.Contains(folded[f], p.sub)
		}
		for i := range f.toks {
			if p.matchAt(f.toks, i) {
				return true
			}
		}
		return false
	}
	found := map[string]bool{}
	for _, f := range fields {
		for _, h := range tg.gaz.hits(f) {
			if code := refResolve(tg.gaz, h, fields, in); code != "" {
				found[code] = true
			}
		}
		for _, a := range tg.gaz.subs {
			if in(a.pat, f) {
				found[a.code] = true
			}
		}
	}
	var out []string
	for _, code := range tg.gaz.codes {
		if found[code] {
			out = append(out, code)
		}
	}
	score := map[string]int{}
	for _, e := range tg.types.lines {
		n := 0
		for _, f := range fields {
			if in(e.pat, f) {
				n = max(n, 1)
				if f.title {
					n = 2
				}
			}
		}
		score[e.tag] += e.weight * n
	}
	for _, t := range tg.types.order {
		if score[t] >= typeThreshold {
			out = append(out, t)
		}
	}
	return out
}

func refResolve(g *gazetteer, h hit, fields []*field, in func(pattern, *field) bool) string {
	if h.a.code == "" || !g.allow(h) {
		return ""
	}
	for _, a := range h.a.rules.alts {
		for _, p := range a.context {
			for _, f := range fields {
				if in(p, f) {
					return a.code
				}
			}
		}
	}
	return h.a.code
}

func refHasNoSpace(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Han,
			unicode.Hiragana, unicode.Katakana, unicode.Tibetan, unicode.Hangul)
	})
}

// corpus reads the real and labelled items kept in the repository.
func corpus(t testing.TB) []tipwire.Item {
	t.Helper()
	var items []tipwire.Item
	for _, name := range []string{
		"../filters/testdata/realworld-items.jsonl",
		"../testdata/relevance-dev.jsonl",
		"../testdata/relevance-multilingual.jsonl",
		"../testdata/stories-dev.jsonl",
	} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var rec struct{ Title, Summary, Content string }
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			items = append(items, tipwire.Item{Title: rec.Title, Summary: rec.Summary, Content: rec.Content})
		}
	}
	if len(items) < 600 {
		t.Fatalf("corpus has %d items, want the 680 of the testdata files", len(items))
	}
	return items
}

// randomItems builds items from the corpus's words and every phrase of the
// data files, glued in random case with the punctuation the rules look at,
// so ambiguous names, prefixes, substrings and their neighbours meet often.
func randomItems(t testing.TB, seed uint64, n int) []tipwire.Item {
	t.Helper()
	var pool []string
	for _, it := range corpus(t) {
		pool = append(pool, strings.Fields(it.Title+" "+it.Summary)...)
	}
	for _, name := range []string{"countries.tsv", "ambiguous.tsv", "types.tsv"} {
		b, err := data.ReadFile("data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range strings.FieldsFunc(string(b), func(r rune) bool { return r == '\t' || r == '\n' || r == ';' || r == '=' }) {
			pool = append(pool, strings.ReplaceAll(s, "*", ""), strings.ReplaceAll(s, "*", "ing"))
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	seps := []string{" ", " ", " ", ", ", ": ", "'s ", "’s ", "-", "", ", 34 ", " in ", " police ", ". "}
	text := func(words int) string {
		var b strings.Builder
		for range words {
			w := pool[rng.IntN(len(pool))]
			switch rng.IntN(4) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToLower(w)
			case 2:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		return b.String()
	}
	items := make([]tipwire.Item, n)
	for i := range items {
		it := tipwire.Item{Title: text(2 + rng.IntN(12)), Summary: text(rng.IntN(60))}
		if rng.IntN(3) == 0 {
			it.Content = "<p>" + text(rng.IntN(200)) + "</p>"
		}
		for range rng.IntN(3) {
			it.Categories = append(it.Categories, text(1+rng.IntN(3)))
		}
		items[i] = it
	}
	return items
}

// TestTagMatchesReference holds Tag to refTag on every corpus item and on
// random items made of the data's own phrases.
func TestTagMatchesReference(t *testing.T) {
	tg := newTagger(t)
	items := append(corpus(t), randomItems(t, 1, 300)...)
	tagged := 0
	for i, it := range items {
		got, want := tg.Tag(it), refTag(tg, it)
		if !slices.Equal(got, want) {
			t.Fatalf("item %d %q: Tag = %v, reference %v", i, it.Title, got, want)
		}
		if len(got) > 0 {
			tagged++
		}
	}
	// A reference that never tags anything would agree with anything.
	if tagged < len(items)/2 {
		t.Errorf("only %d of %d items have tags", tagged, len(items))
	}
}

// FuzzTag holds Tag to refTag on arbitrary text.
func FuzzTag(f *testing.F) {
	tg := newTagger(f)
	for _, it := range corpus(f)[:40] {
		f.Add(it.Title, it.Summary, "")
	}
	f.Add("Chad, 34, in Chad", "ลูกเรือชาวกัมพูชา 人口贩卖 ẞTRASSE Œuvre", "GEORGIA")
	f.Fuzz(func(t *testing.T, title, summary, category string) {
		it := tipwire.Item{Title: title, Summary: summary, Categories: []string{category}}
		if got, want := tg.Tag(it), refTag(tg, it); !slices.Equal(got, want) {
			t.Errorf("Tag = %v, reference %v", got, want)
		}
	})
}
