package cluster

import (
	"fmt"
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
