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
var defaultTopic = tipwire.Topic{
	Name:  "trafficking",
	Title: "Human trafficking news",
	Any: []string{
		"human traffick*", "trafficking in persons", "trafficking in human beings",
		"people traffick*", "sex traffick*", "labour traffick*", "labor traffick*",
		"child traffick*", "baby traffick*", "organ traffick*", "bride traffick*",
		"anti-trafficking", "counter-trafficking",
		"trafficking victim*", "victims of trafficking", "trafficking survivor*", "survivors of trafficking",
		"trafficked women", "trafficked girls", "trafficked children", "trafficked persons",
		"trafficked people", "trafficked workers", "trafficked victim*",
		"trafficking of women", "trafficking of girls", "trafficking of children",
		"trafficking of persons", "trafficking in women", "trafficking in children",
		"modern slavery", "modern-day slavery", "forced labour", "forced labor",
		"slave labour", "slave labor", "debt bondage", "bonded labour", "bonded labor",
		"forced prostitution", "sexual slavery", "domestic servitude", "involuntary servitude",
		"commercial sexual exploitation", "forced begging", "forced criminality",
		"scam compound*", "scam centre*", "scam center*", "slave market*", "Palermo Protocol",
		"trata de personas", "trata de seres humanos", "traite des êtres humains", "traite des personnes",
		"tráfico de pessoas", "Menschenhandel", "perdagangan orang", "торговля людьми",
		"الاتجار بالبشر", "mua bán người",
	},
	None: []string{
		"drug traffick*", "drugs traffick*", "narcotics traffick*", "narco-traffick*",
		"cocaine traffick*", "heroin traffick*", "fentanyl traffick*", "methamphetamine traffick*",
		"meth traffick*", "cannabis traffick*", "marijuana traffick*", "opium traffick*",
		"trafficking of drugs", "trafficking in drugs", "trafficking of narcotics", "trafficking in narcotics",
		"arms traffick*", "gun traffick*", "firearms traffick*", "firearm traffick*",
		"weapons traffick*", "weapon traffick*", "ammunition traffick*",
		"trafficking in arms", "trafficking of arms", "trafficking of firearms", "trafficking of weapons",
		"wildlife traffick*", "wildlife anti-trafficking", "ivory traffick*", "rhino horn traffick*", "pangolin traffick*",
		"animal traffick*", "timber traffick*", "trafficking of wildlife", "trafficking in wildlife",
		"antiquities traffick*", "artefact traffick*", "artifact traffick*", "trafficking of antiquities",
		"trafficking in antiquities", "trafficking in cultural property",
		"cigarette traffick*", "tobacco traffick*", "fuel traffick*",
		"traffic jam*", "traffic accident*", "traffic collision*", "traffic congestion", "road traffic",
		"air traffic", "web traffic", "website traffic", "network traffic", "internet traffic",
	},
}

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
		t.Logf("seed %s: score %v, terms %q", it.GUID, ms[0].Score, ms[0].Terms)
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
		var rec struct{ ID, Title, Summary, Link, Label string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("relevance-dev.jsonl: %v", err)
		}
		matched := len(set.Match(tipwire.Item{Title: rec.Title, Summary: rec.Summary, Link: rec.Link})) > 0
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
	if precision < 0.95 || recall < 0.75 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.95 and 0.75", precision, recall)
	}
}

func compileDefault(t *testing.T) *filters.Set {
	t.Helper()
	set, err := filters.Compile([]tipwire.Topic{defaultTopic})
	if err != nil {
		t.Fatalf("default topic does not compile: %v", err)
	}
	return set
}
