package filters_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/seeds"
)

// defaultTopic is the proposed shipped default topic; config.yaml carries the
// same lists. The any terms are specific phrases: bare "trafficking" or
// "traffick*" would also fire on drug, arms and wildlife stories that never
// name their contraband next to the word ("a transnational trafficking
// network"). "traffick*" appears only after a word that fixes the sense.
// The none terms name the other senses as phrases containing the ambiguous
// word, so they veto exactly those hits (see the package documentation), and
// they keep the topic safe if a broader any term is ever added.
var defaultTopic = tipwire.Topic{Name: "trafficking", Title: "Human trafficking news", Vocabulary: "trafficking"}

func TestDefaultTopicMatchesSeedCorpus(t *testing.T) {
	set := compileDefault(t)
	items, err := seeds.Items(time.Now())
	if err != nil {
		t.Fatalf("seeds.Items: %v", err)
	}
	if len(items) == 0 {
		t.Fatal("seed corpus is empty")
	}
	for _, it := range items {
		ms := set.Match(it)
		if len(ms) != 1 || ms[0].Topic != "trafficking" {
			t.Errorf("seed %s: Match = %+v, want the trafficking topic", it.GUID, ms)
			continue
		}
		// Well above, not just above: the seed is the reference story.
		if ms[0].Score < 3*filters.DefaultThreshold {
			t.Errorf("seed %s: score %v, want at least 3 × the default threshold %v", it.GUID, ms[0].Score, filters.DefaultThreshold)
		}
		t.Logf("seed %s: %s", it.GUID, ms[0].Reason)
	}
}

func TestDefaultTopicSenses(t *testing.T) {
	set := compileDefault(t)
	tests := []struct {
		text string
		want bool
	}{
		{"Drug trafficking suspect arrested at the border", false},
		{"Cocaine traffickers jailed after port raid", false},
		{"Police bust gun trafficking ring", false},
		{"Wildlife trafficking: two tonnes of ivory seized", false},
		{"Antiquities trafficking network dismantled", false},
		{"Fuel trafficking on the Thai border", false},
		{"Traffic jam paralyses Phnom Penh", false},
		{"Traffic accident kills three on National Road 4", false},
		{"Wildlife anti-trafficking unit seizes ivory", false},
		{"Families of drug trafficking victims march", false},
		{"Trafficking victims rescued from a drug ring", true},
		{"Human trafficking and drug trafficking charges filed", true},
		{"Drug traffickers and human traffickers share routes, report says", true},
		{"Cambodia rescues 40 foreigners from scam compound", true},
		{"Fifty million people live in modern slavery, UN says", true},
		{"Trawler crews held in debt bondage", true},
		{"México: detienen a red de trata de personas", true},
		{"Anti-trafficking NGO praises police", true},
		// Enslavement and forced work described without "trafficking".
		{"Domestic worker kept as a slave for ten years", true},
		{"Nail bar owners convicted of forcing Vietnamese teenagers to work unpaid", true},
		{"Couple jailed for keeping man as a slave in garden shed for 40 years", true},
		{"Migrants held captive and sold as slaves by smugglers in Libya", true},
		{"Smugglers enslaved migrants in desert camps, survivors say", true},
		{"Yazidi women enslaved by Islamic State fighters recount years of captivity", true},
		{"Gangmaster forced Romanian workers to pick vegetables for no pay", true},
		{"Woman who kept nanny in servitude ordered to pay compensation", true},
		{"Brazil rescues 200 grape pickers from slave-like conditions", true},
		{"Teenager sold into marriage rescued by police in Bihar", true},
		{"Tibetans moved into factories under state labour transfer programme", true},
		{"Government accused of compulsory labour in cotton harvest", true},
		// Wildlife products as the trafficked object.
		{"Man jailed for trafficking pangolin scales worth $1m", false},
		{"Three arrested for trafficking rhino horn and ivory to Vietnam", false},
		{"Tiger parts trafficked through Laos, traffickers move bones to China", false},
		// Asylum and deterrence policy.
		{"Rwanda flights will deter people traffickers, minister insists", false},
		{"PM says new law will stop the boats and smash the people trafficking gangs", false},
		{"Illegal Migration Act will stop exploitation by people traffickers, Home Secretary says", false},
		{"EU ministers agree migration pact to fight people smugglers and traffickers", false},
		{"Victims of people trafficking to get more support, minister announces", true},
		{"Asylum seekers in hotels targeted by traffickers for forced labour, report finds", true},
		{"Women trafficked across the Channel for sexual exploitation, court hears", true},
		{"Man charged with trafficking a minor for sex in Ohio motel", true},
		{"Children forced to beg on the streets of Dakar, report says", true},
		{"Police seize drugs trafficked by a teenager on a scooter", false},
		{"Man charged with trafficking a firearm across state lines", false},
		// Other senses of the new words.
		{"Life form influences survivorship patterns for 109 herbaceous perennials", false},
		{"Nurses forced to work unpaid overtime, union says", false},
		{"Air traffic controllers forced to work without pay during government shutdown", false},
		{"Gulag survivors recall Soviet labour camps", false},
		{"Historians trace descendants of enslaved Africans sold in Charleston", false},
		{"Oil exploitation threatens Amazon rainforest", false},
		{"Footballer claims he was treated like a slave by former club", false},
		{"Guns were trafficked from Texas to Mexican cartels", false},
		{"Tech firm accused of forcing staff to work weekends without pay", false},
		{"Ministry launches labour transfer programme for unemployed youth", false},
		{"Ukraine expands forced mobilisation as front line weakens", false},
		{"UK: Albanian gang ran cannabis farms staffed by trafficked teenagers", true},
		{"Migrants sold at auction in Libya, CNN footage shows", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := set.Match(tipwire.Item{Title: tt.text})
			if got := len(ms) > 0; got != tt.want {
				t.Errorf("matched = %v (%+v), want %v", got, ms, tt.want)
			}
		})
	}
}

// TestDefaultTopicRelevanceDev measures the default topic on the labelled
// development set (title and summary only, as a feed gives them). The
// thresholds are what the list achieves today; they guard against edits that
// quietly lose recall or let a keyword trap through.
func TestDefaultTopicRelevanceDev(t *testing.T) {
	set := compileDefault(t)
	f, err := os.Open("../testdata/relevance-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tp, fp, fn, tn int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var rec struct{ ID, Title, Summary, Link, Label, Source string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("relevance-dev.jsonl: %v", err)
		}
		ms := set.Evaluate(tipwire.Item{Title: rec.Title, Summary: rec.Summary, Link: rec.Link, Outlet: rec.Source})
		matched := ms[0].Matched
		relevant := rec.Label == "relevant"
		switch {
		case matched && relevant:
			tp++
		case matched:
			fp++
			t.Logf("false positive %s: %s", rec.ID, rec.Title)
		case relevant:
			fn++
			t.Logf("missed %s: %s", rec.ID, rec.Title)
		default:
			tn++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("relevance-dev: tp=%d fp=%d fn=%d tn=%d precision=%.3f recall=%.3f", tp, fp, fn, tn, precision, recall)
	if tp+fp+fn+tn < 60 {
		t.Errorf("read %d labelled items, want the whole file", tp+fp+fn+tn)
	}
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.95 and 0.90", precision, recall)
	}
}

// TestDefaultTopicStoriesRecall runs the story development set, real
// reports that are all about trafficking in persons (many in other
// languages, several naming neither the crime nor its victims), as a
// recall check: the floor guards against edits that lose real stories.
func TestDefaultTopicStoriesRecall(t *testing.T) {
	set := compileDefault(t)
	f, err := os.Open("../testdata/stories-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var matched, total int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var rec struct{ ID, Title, Summary, Link, Source string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("stories-dev.jsonl: %v", err)
		}
		total++
		if len(set.Match(tipwire.Item{Title: rec.Title, Summary: rec.Summary, Link: rec.Link, Outlet: rec.Source})) > 0 {
			matched++
		} else {
			t.Logf("missed %s: %s", rec.ID, rec.Title)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	recall := float64(matched) / float64(max(total, 1))
	t.Logf("stories-dev: %d of %d matched, recall %.3f", matched, total, recall)
	if total < 100 || recall < 0.75 {
		t.Errorf("%d of %d stories matched (recall %.3f); want the whole file and at least 0.75", matched, total, recall)
	}
}

// TestDefaultTopicGeneralNews: general-interest feeds (tech news, blogs,
// BBC Urdu, a botany journal's neighbours) give no match.
func TestDefaultTopicGeneralNews(t *testing.T) {
	set := compileDefault(t)
	items := readItems(t, "testdata/realworld-items.jsonl")
	if len(items) < 300 {
		t.Fatalf("read %d items, want the whole file", len(items))
	}
	for _, it := range items {
		if ms := set.Match(it); len(ms) > 0 {
			t.Errorf("%q matched: %s", it.Title, ms[0].Reason)
		}
	}
}

func compileDefault(t *testing.T) *filters.Set {
	t.Helper()
	set, err := filters.CompileWith([]tipwire.Topic{defaultTopic}, filters.Options{Corpus: seedTexts(t)})
	if err != nil {
		t.Fatalf("default topic does not compile: %v", err)
	}
	return set
}

func seedTexts(t testing.TB) []string {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range arts {
		out = append(out, a.Title+"\n"+a.Body)
	}
	return out
}
