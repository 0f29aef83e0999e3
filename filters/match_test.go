package filters_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/seeds"
)

// one compiles a single topic named "t".
func one(t *testing.T, any, all, none []string) *filters.Set {
	t.Helper()
	set, err := filters.Compile([]tipwire.Topic{{Name: "t", Any: any, All: all, None: none}})
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return set
}

func title(s string) tipwire.Item { return tipwire.Item{Title: s} }

// firedTerms is the Terms of the only match, or nil when nothing matched.
func firedTerms(t *testing.T, ms []tipwire.Match) []string {
	t.Helper()
	switch len(ms) {
	case 0:
		return nil
	case 1:
		return ms[0].Terms
	}
	t.Fatalf("got %d matches, want at most 1: %+v", len(ms), ms)
	return nil
}

func TestMatchTerms(t *testing.T) {
	tests := []struct {
		name string
		any  []string
		item tipwire.Item
		want []string // fired terms; nil means no match
	}{
		{"word", []string{"slavery"}, title("Modern Slavery in Asia"), []string{"slavery"}},
		{"word is whole", []string{"slavery"}, title("Enslavement and antislavery laws"), nil},
		{"hyphen splits words", []string{"slavery"}, title("slavery-like conditions"), []string{"slavery"}},
		{"word not inside a longer word", []string{"trafficking"}, title("antitrafficking traffickings"), nil},
		{"phrase", []string{"forced labour"}, title("FORCED LABOUR on trawlers"), []string{"forced labour"}},
		{"phrase ignores punctuation between words", []string{"forced labour"}, title("forced, labour"), []string{"forced labour"}},
		{"phrase needs consecutive words", []string{"forced labour"}, title("forced child labour"), nil},
		{"phrase needs its order", []string{"forced labour"}, title("labour forced"), nil},
		{"hyphenated term is a phrase", []string{"anti-trafficking"}, title("anti trafficking unit"), []string{"anti-trafficking"}},
		{"prefix -ing", []string{"traffick*"}, title("Trafficking rises"), []string{"traffick*"}},
		{"prefix -ed", []string{"traffick*"}, title("women trafficked abroad"), []string{"traffick*"}},
		{"prefix -ers", []string{"traffick*"}, title("TRAFFICKERS jailed"), []string{"traffick*"}},
		{"prefix is whole-word at its start", []string{"traffick*"}, title("antitrafficking law"), nil},
		{"prefix does not match shorter word", []string{"traffick*"}, title("traffic jam"), nil},
		{"prefix after hyphen", []string{"traffick*"}, title("anti-trafficking law"), []string{"traffick*"}},
		{"phrase with prefix", []string{"human traffick*"}, title("Human traffickers sentenced"), []string{"human traffick*"}},
		{"phrase with prefix needs first word", []string{"human traffick*"}, title("humane trafficking"), nil},
		{"accented term, capitals in text", []string{"tráfico"}, title("TRÁFICO DE PERSONAS"), []string{"tráfico"}},
		{"accented term, no accent in text", []string{"tráfico"}, title("trafico de personas"), []string{"tráfico"}},
		{"plain term, accent in text", []string{"TRAFICO"}, title("el tráfico"), []string{"TRAFICO"}},
		{"cyrillic case", []string{"торговля людьми"}, title("ТОРГОВЛЯ ЛЮДЬМИ"), []string{"торговля людьми"}},
		{"terms reported as written", []string{"  Modern Slavery "}, title("modern slavery"), []string{"  Modern Slavery "}},
		{"summary HTML stripped", []string{"human trafficking"}, tipwire.Item{Summary: "<p>human <b>trafficking</b></p>"}, []string{"human trafficking"}},
		{"entities decoded", []string{"forced labour"}, tipwire.Item{Content: "forced&nbsp;labour &amp; more"}, []string{"forced labour"}},
		{"markup is not text", []string{"trafficking"}, tipwire.Item{Summary: `<a href="/trafficking">link</a>`}, nil},
		{"categories", []string{"human trafficking"}, tipwire.Item{Title: "x", Categories: []string{"Asia", "Human Trafficking"}}, []string{"human trafficking"}},
		{"phrase does not span fields", []string{"human trafficking"}, tipwire.Item{Title: "Rights of the human", Summary: "Trafficking rises"}, nil},
		{"phrase does not span categories", []string{"human trafficking"}, tipwire.Item{Categories: []string{"human", "trafficking"}}, nil},
		{"several terms in topic order", []string{"slavery", "forced labour", "debt bondage"}, title("Debt bondage and slavery"), []string{"slavery", "debt bondage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firedTerms(t, one(t, tt.any, nil, nil).Match(tt.item))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fired %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatchRules(t *testing.T) {
	traffick := []string{"traffick*"}
	drugNone := []string{"drug traffick*", "drug ring", "traffic jam"}
	tests := []struct {
		name           string
		any, all, none []string
		text           string
		want           []string
	}{
		{"drug trafficking alone", traffick, nil, drugNone, "Police seize heroin in drug trafficking raid", nil},
		{"drug traffickers alone", traffick, nil, drugNone, "Drug traffickers jailed", nil},
		{"any hit outside the none span counts", traffick, nil, drugNone, "Trafficking victims rescued from a drug ring", traffick},
		{"drug and human traffickers", traffick, nil, drugNone, "Drug traffickers and human traffickers arrested", traffick},
		{"any hit overlapping a none span does not count", []string{"trafficking victims"}, nil, []string{"drug trafficking"}, "drug trafficking victims", nil},
		{"traffic jam", traffick, nil, drugNone, "Traffic jam on the bridge", nil},
		{"none word apart from the any hit excludes nothing", traffick, nil, []string{"wildlife"}, "wildlife trafficking", traffick},
		{"all required", []string{"trafficking"}, []string{"cambodia"}, nil, "trafficking in Thailand", nil},
		{"all present", []string{"trafficking"}, []string{"cambodia"}, nil, "Cambodia: trafficking", []string{"trafficking", "cambodia"}},
		{"all terms count inside none spans", []string{"cambodia"}, []string{"trafficking"}, []string{"drug trafficking"}, "Cambodia drug trafficking", []string{"cambodia", "trafficking"}},
		{"no any: none excludes outright", nil, []string{"cambodia"}, []string{"drug trafficking"}, "Cambodia drug trafficking", nil},
		{"no any: no none occurs", nil, []string{"cambodia"}, []string{"drug trafficking"}, "Cambodia human trafficking", []string{"cambodia"}},
		{"no any: every all term", nil, []string{"cambodia", "scam"}, nil, "Cambodia scam centres", []string{"cambodia", "scam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firedTerms(t, one(t, tt.any, tt.all, tt.none).Match(title(tt.text)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("fired %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatchScore(t *testing.T) {
	tests := []struct {
		name string
		any  []string
		item tipwire.Item
		want float64
	}{
		{"body occurrence", []string{"slavery"}, tipwire.Item{Summary: "slavery"}, 3},
		{"title occurrence counts double", []string{"slavery"}, tipwire.Item{Title: "slavery"}, 6},
		{"further occurrences add a quarter each", []string{"slavery"}, tipwire.Item{Title: "slavery", Summary: "slavery, slavery"}, 7.5},
		{"repetition bonus is capped", []string{"slavery"}, tipwire.Item{Summary: strings.Repeat("slavery ", 10)}, 6},
		{"terms add up", []string{"slavery", "forced labour"}, tipwire.Item{Title: "Slavery", Summary: "forced labour"}, 9},
		{"content equal to summary counted once", []string{"slavery"}, tipwire.Item{Summary: "<p>slavery</p>", Content: "<p>slavery</p>"}, 3},
		{"prefix occurrences", []string{"traffick*"}, tipwire.Item{Summary: "trafficked by traffickers"}, 3.75},
		{"words of a stronger hit are not counted again", []string{"forced labour", "labour"}, tipwire.Item{Summary: "forced labour"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := one(t, tt.any, nil, nil).Match(tt.item)
			if len(ms) != 1 || ms[0].Score != tt.want {
				t.Errorf("Match = %+v, want score %v", ms, tt.want)
			}
		})
	}
}

func TestMatchSeveralTopics(t *testing.T) {
	set, err := filters.Compile([]tipwire.Topic{
		{Name: "slavery", Any: []string{"slavery"}},
		{Name: "cambodia", All: []string{"cambodia"}},
		{Name: "fishing", Any: []string{"trawler*"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := set.Match(tipwire.Item{Title: "Cambodia slavery case", Summary: "Cambodia"})
	want := []tipwire.Match{
		{Topic: "slavery", Terms: []string{"slavery"}, Score: 6, Reason: `score 6.00 ≥ threshold 3: "slavery" (title) +6.00`},
		{Topic: "cambodia", Terms: []string{"cambodia"}, Score: 6.75, Reason: `score 6.75 ≥ threshold 3: "cambodia" (title) +6.75`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Match = %+v, want %+v", got, want)
	}
	if got := set.Match(tipwire.Item{Title: "unrelated"}); got != nil {
		t.Errorf("Match(unrelated) = %+v, want nil", got)
	}
}

// TestMatchConcurrent runs Match from many goroutines; under -race it proves
// a Set is safe to share, and every goroutine must see the same result.
func TestMatchConcurrent(t *testing.T) {
	set := one(t, []string{"traffick*", "forced labour"}, nil, []string{"drug traffick*"})
	item := tipwire.Item{Title: "Trafficked workers", Content: "<p>forced labour, drug trafficking, traffickers</p>"}
	want := set.Match(item)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := set.Match(item); !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent Match = %+v, want %+v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzMatch(f *testing.F) {
	f.Add("Human trafficking", "<p>drug trafficking &amp; forced labour</p>", "Cambodia")
	f.Add("TRÁFICO", "<script>x</script><!-- c -->a<b", "")
	set, err := filters.Compile([]tipwire.Topic{
		{Name: "a", Any: []string{"traffick*", "forced labour", "tráfico"}, None: []string{"drug traffick*"}},
		{Name: "b", All: []string{"cambodia"}, None: []string{"traffic jam"}},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, summary, category string) {
		it := tipwire.Item{Title: title, Summary: summary, Content: summary + title, Categories: []string{category}}
		first := set.Match(it)
		if again := set.Match(it); !reflect.DeepEqual(first, again) {
			t.Fatalf("Match not deterministic: %+v then %+v", first, again)
		}
		for _, m := range first {
			if len(m.Terms) == 0 || m.Score <= 0 {
				t.Fatalf("match without terms or score: %+v", m)
			}
		}
	})
}

func BenchmarkMatch(b *testing.B) {
	set, err := filters.Compile([]tipwire.Topic{defaultTopic})
	if err != nil {
		b.Fatal(err)
	}
	item := tipwire.Item{
		Title:   "Anti-Trafficking NGO ‘Disappointed,’ as Cambodia Remains on US Watch List",
		Content: strings.Repeat("<p>Cambodia remains on a US watch list for what the State Department says is insufficient efforts to combat trafficking.</p>\n", 20),
	}
	for b.Loop() {
		set.Match(item)
	}
}

// BenchmarkMatchGeneralNews matches general-interest feed items (news,
// blogs, commits: full summaries and content, none about trafficking), the
// bulk of what the daemon matches, and reports the cost per item.
func BenchmarkMatchGeneralNews(b *testing.B) {
	benchmarkMatch(b, readItems(b, "testdata/realworld-items.jsonl"))
}

// BenchmarkMatchLabelled matches the labelled relevance and story sets:
// titles and leads in many languages, most about trafficking, so most are
// scored in full.
func BenchmarkMatchLabelled(b *testing.B) {
	benchmarkMatch(b, readItems(b, "../testdata/relevance-dev.jsonl", "../testdata/relevance-multilingual.jsonl", "../testdata/stories-dev.jsonl"))
}

// BenchmarkMatchArticles matches the seed corpus's full articles, the long
// end of what feeds carry.
func BenchmarkMatchArticles(b *testing.B) {
	items, err := seeds.Items(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	benchmarkMatch(b, items)
}

// benchmarkMatch matches items against the default topic with the seed
// profile, as the daemon does, and reports the cost per item.
func benchmarkMatch(b *testing.B, items []tipwire.Item) {
	set, err := filters.CompileWith([]tipwire.Topic{defaultTopic}, filters.Options{Corpus: seedTexts(b)})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, it := range items {
			set.Match(it)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/item")
}

// readItems reads JSON Lines of items: title, summary, content and source
// (the outlet).
func readItems(tb testing.TB, paths ...string) []tipwire.Item {
	tb.Helper()
	var items []tipwire.Item
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var rec struct{ Title, Summary, Content, Source string }
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				tb.Fatalf("%s: %v", path, err)
			}
			items = append(items, tipwire.Item{Title: rec.Title, Summary: rec.Summary, Content: rec.Content, Outlet: rec.Source})
		}
	}
	return items
}
