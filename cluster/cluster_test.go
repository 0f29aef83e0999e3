package cluster

import (
	"fmt"
	"maps"
	"slices"
	"testing"
)

type text struct{ title, lead string }

// The same wire story as three outlets ran it: their own headlines, the
// agency's lead lightly edited.
var maeSot = []text{
	{"Thai police free 23 trafficking victims from Mae Sot brothel",
		"Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest human trafficking raids this year, officials said. Two suspects were arrested."},
	{"23 women rescued in Mae Sot human trafficking raid",
		"Police in Thailand rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday, in one of the largest human trafficking raids this year, officials said."},
	{"Mae Sot Raid: Police Rescue 23 Trafficking Victims",
		"Thai police rescued 23 women including six minors from a brothel in the border town of Mae Sot in one of the largest human trafficking raids this year, officials said on Wednesday."},
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		a, b   text
		same   bool
		reason string
	}{
		{"wire copy, other headline", maeSot[0], maeSot[1], true, ReasonNearDuplicate},
		{"wire copy, title case headline", maeSot[0], maeSot[2], true, ReasonNearDuplicate},
		{"wire copy, second and third", maeSot[1], maeSot[2], true, ReasonNearDuplicate},
		{"a country and its people are one name",
			text{"Cambodian police free 40 trafficking victims from scam compound", "Cambodian police freed 40 people held in a scam compound in Sihanoukville on Monday in a human trafficking case, officials said."},
			text{"40 trafficking victims freed from Cambodia scam compound", "Police in Cambodia freed 40 people held in a scam compound in Sihanoukville on Monday in a human trafficking case, officials said."},
			true, ReasonNearDuplicate},
		{"same headline, no lead",
			text{"UN report counts record number of trafficking victims", ""},
			text{"UN Report Counts Record Number Of Trafficking Victims", ""}, true, ReasonSameTitle},
		{"template headline, other city",
			text{"Police arrest man in Bangkok on human trafficking charges", ""},
			text{"Police arrest man in Manila on human trafficking charges", ""}, false, ""},
		{"template headline and lead, other city",
			text{"Police arrest man suspected of human trafficking",
				"Police in Bangkok arrested a 34-year-old man on Monday on suspicion of trafficking women from Myanmar to work in karaoke bars, a spokesman said."},
			text{"Police arrest man suspected of human trafficking",
				"Police in Manila arrested a 34-year-old man on Monday on suspicion of trafficking women from Mindanao to work in karaoke bars, a spokesman said."},
			false, ""},
		{"template lead, other count",
			text{"Court jails trafficker for 12 years", "A court in Lagos sentenced a man to 12 years in prison for trafficking girls to Europe, the agency NAPTIP said on Friday."},
			text{"Court jails trafficker for 15 years", "A court in Lagos sentenced a man to 15 years in prison for trafficking girls to Europe, the agency NAPTIP said on Friday."},
			false, ""},
		{"title case template",
			text{"Police Arrest Man In Bangkok", ""},
			text{"Police Arrest Man In Manila", ""}, false, ""},
		{"different stories, one topic",
			text{"UN report counts record number of human trafficking victims", "Sexual exploitation and forced labour remain the main forms of human trafficking worldwide, the UNODC report said."},
			text{"Fishermen describe forced labour at sea", "Survivors of human trafficking on Thai fishing boats describe debt bondage and beatings."},
			false, ""},
		{"generic short title",
			text{"News in brief", ""}, text{"News in brief", ""}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NewDoc(tt.a.title, tt.a.lead), NewDoc(tt.b.title, tt.b.lead)
			v := Compare(a, b)
			if v.Same != tt.same || v.Reason != tt.reason {
				t.Errorf("Compare = %+v, want same=%v reason=%q", v, tt.same, tt.reason)
			}
			if w := Compare(b, a); w.Same != v.Same {
				t.Errorf("Compare is not symmetric: %+v vs %+v", v, w)
			}
			if tt.same && !shareBand(a, b) && v.Similarity >= 0.7 {
				t.Errorf("similar docs (%.2f) share no band", v.Similarity)
			}
			if tt.reason == ReasonNearDuplicate && shareMinHashBand(a, b) && !Plausible(a.Signature().Sketch, b.Signature().Sketch) {
				t.Errorf("near-duplicates (%.2f) that share a band are not plausible", v.Similarity)
			}
		})
	}
}

func TestCompareExplainsConflict(t *testing.T) {
	lead := "Police in %s arrested a man on suspicion of trafficking women to work in karaoke bars, a spokesman said."
	v := Compare(NewDoc("Police arrest man in Bangkok on human trafficking charges", fmt.Sprintf(lead, "Bangkok")),
		NewDoc("Police arrest man in Manila on human trafficking charges", fmt.Sprintf(lead, "Manila")))
	if v.Same || v.Conflict != "bangkok/manila" {
		t.Errorf("Compare = %+v, want a bangkok/manila conflict", v)
	}
}

// shareMinHashBand is shareBand without the title key.
func shareMinHashBand(a, b Doc) bool {
	for _, k := range a.Signature().Bands {
		if slices.Contains(b.Signature().Bands, k) {
			return true
		}
	}
	return false
}

func shareBand(a, b Doc) bool {
	seen := map[int64]bool{}
	for _, k := range a.Bands() {
		seen[k] = true
	}
	for _, k := range b.Bands() {
		if seen[k] {
			return true
		}
	}
	return false
}

func TestBands(t *testing.T) {
	d := NewDoc(maeSot[0].title, maeSot[0].lead)
	keys := d.Bands()
	if len(keys) != NumBands+1 {
		t.Fatalf("got %d keys, want %d bands and a title key", len(keys), NumBands+1)
	}
	again := NewDoc(maeSot[0].title, maeSot[0].lead).Bands()
	for i := range keys {
		if keys[i] != again[i] {
			t.Fatalf("keys differ between runs: %v vs %v", keys, again)
		}
	}
	if got := NewDoc("Short", "").Bands(); got != nil {
		t.Errorf("a one-word doc has keys %v, want none", got)
	}
	for i := range maeSot {
		for j := i + 1; j < len(maeSot); j++ {
			a, b := NewDoc(maeSot[i].title, maeSot[i].lead), NewDoc(maeSot[j].title, maeSot[j].lead)
			if !shareBand(a, b) {
				t.Errorf("copies %d and %d share no band (similarity %.2f)", i, j, Compare(a, b).Similarity)
			}
		}
	}
}

// TestBandsSeparateUnrelated checks that unrelated texts rarely share a
// key, which is what keeps the candidate set small.
func TestBandsSeparateUnrelated(t *testing.T) {
	shared := 0
	const n = 200
	docs := make([]Doc, n)
	// Texts drawn from a 2,000-word vocabulary: some words shared by
	// chance, as unrelated stories share some.
	x := uint64(1)
	next := func() string {
		x = mix(x)
		return fmt.Sprintf("w%d", x%2000)
	}
	for i := range docs {
		var title, lead string
		for range 8 {
			title += next() + " "
		}
		for range 30 {
			lead += next() + " "
		}
		docs[i] = NewDoc(title, lead)
	}
	for i := range docs {
		for j := i + 1; j < n; j++ {
			if shareBand(docs[i], docs[j]) {
				shared++
			}
		}
	}
	if shared > n {
		t.Errorf("%d of %d unrelated pairs share a band", shared, n*(n-1)/2)
	}
}

// TestPlausible checks Plausible's two error rates on pairs that share a
// band: near-duplicates at the Threshold it must keep, and unrelated texts
// of one vocabulary it should mostly reject.
func TestPlausible(t *testing.T) {
	x := uint64(7)
	word := func() string {
		x = mix(x)
		return fmt.Sprintf("w%d", x%3000)
	}
	doc := func(words []string) Doc {
		var title, lead string
		for i, w := range words {
			if i < 6 {
				title += w + " "
			} else {
				lead += w + " "
			}
		}
		return NewDoc(title, lead)
	}
	// Near-duplicates: 30 distinct words, 10 of them replaced, so 20 shared
	// of 40 (similarity 0.5).
	near, nearKept := 0, 0
	for range 1500 {
		a := map[string]bool{}
		for len(a) < 30 {
			a[word()] = true
		}
		var wa []string
		for w := range a {
			wa = append(wa, w)
		}
		wb := append([]string(nil), wa[:20]...)
		for len(wb) < 30 {
			if w := word(); !a[w] && !slices.Contains(wb, w) {
				wb = append(wb, w)
			}
		}
		da, db := doc(wa), doc(wb)
		if !shareMinHashBand(da, db) {
			continue
		}
		near++
		if Plausible(da.Signature().Sketch, db.Signature().Sketch) {
			nearKept++
		}
	}
	if near < 1000 || nearKept < near*99/100 {
		t.Errorf("near-duplicates at the threshold: %d of %d sharing a band kept, want 99 %%", nearKept, near)
	}
	// Unrelated texts of 30 words from 3,000: similarity about 0.005.
	sigs := make([]Signature, 600)
	for i := range sigs {
		ws := make([]string, 30)
		for j := range ws {
			ws[j] = word()
		}
		sigs[i] = doc(ws).Signature()
	}
	chance, passed := 0, 0
	for i, a := range sigs {
		for _, b := range sigs[i+1:] {
			if slices.ContainsFunc(a.Bands, func(k int64) bool { return slices.Contains(b.Bands, k) }) {
				chance++
				if Plausible(a.Sketch, b.Sketch) {
					passed++
				}
			}
		}
	}
	if chance < 20 || passed*10 > chance {
		t.Errorf("unrelated pairs sharing a band by chance: %d of %d plausible, want under 10 %%", passed, chance)
	}
	// Texts of 40 words from one small vocabulary of 150, as in tipwire
	// bench's farm: similarity about 0.15, and many share a band.
	small, smallPassed := 0, 0
	for range 1500 {
		var pair [2]Signature
		for k := range pair {
			set := map[string]bool{}
			for len(set) < 40 {
				x = mix(x)
				set[fmt.Sprintf("v%d", x%150)] = true
			}
			pair[k] = doc(slices.Collect(maps.Keys(set))).Signature()
		}
		if slices.ContainsFunc(pair[0].Bands, func(k int64) bool { return slices.Contains(pair[1].Bands, k) }) {
			small++
			if Plausible(pair[0].Sketch, pair[1].Sketch) {
				smallPassed++
			}
		}
	}
	if small < 200 || smallPassed*10 > small {
		t.Errorf("texts of one small vocabulary sharing a band: %d of %d plausible, want under 10 %%", smallPassed, small)
	}
	t.Logf("near-duplicates kept %d/%d; chance pairs passed %d/%d; small vocabulary passed %d/%d",
		nearKept, near, passed, chance, smallPassed, small)
}

func TestStem(t *testing.T) {
	for _, group := range [][]string{
		{"rescue", "rescued", "rescues", "rescuing"},
		{"victim", "victims"},
		{"raid", "raids"},
		{"free", "freed"},
	} {
		want := stem(group[0])
		for _, w := range group[1:] {
			if got := stem(w); got != want {
				t.Errorf("stem(%q) = %q, want %q like %q", w, got, want, group[0])
			}
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	a, c := NewDoc(maeSot[0].title, maeSot[0].lead), NewDoc(maeSot[1].title, maeSot[1].lead)
	for b.Loop() {
		Compare(a, c)
	}
}

func BenchmarkNewDocBands(b *testing.B) {
	for b.Loop() {
		NewDoc(maeSot[0].title, maeSot[0].lead).Bands()
	}
}
