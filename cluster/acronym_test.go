package cluster

import (
	"slices"
	"testing"
)

func TestSpelledOutAcronymsAreNoEvidence(t *testing.T) {
	tests := []struct {
		title, lead string
		names       []string
	}{
		{"PAOCC rescues trapped workers", "Bamban, Tarlac - A compound was raided by operatives from the Presidential Anti-Organized Crime Commission on Wednesday.",
			[]string{"anti", "bamban", "crime", "organized", "presidential", "tarlac"}},
		{"Workers rescued in Tarlac raid", "Authorities rescued 497 foreigners from a Philippine offshore gaming operator (Pogo) in Bamban.",
			[]string{"bamban", "tarlac"}},
		{"DOJ charges Ohio man", "The Department of Justice charged a man in Dayton.", []string{"dayton", "ohio"}},
		// Not spelled out: the acronym is all the text says of who it is.
		{"NCA arrests 12 in Luton raid", "Officers arrested 12 people in Luton on Tuesday.", []string{"luton", "nca"}},
	}
	for _, tt := range tests {
		d := NewDoc(tt.title, tt.lead)
		if !slices.Equal(d.ev.names, tt.names) {
			t.Errorf("%q: names %q, want %q", tt.title, d.ev.names, tt.names)
		}
	}
}

func TestSpelledOutAgencyDoesNotKeepOneRaidApart(t *testing.T) {
	a := NewDoc("PAOCC rescues trapped workers", "Bamban, Tarlac - A Philippine Offshore Gaming Operator compound was raided by operatives from the Presidential Anti-Organized Crime Commission in Barangay Anupul here Wednesday morning.")
	b := NewDoc("Over 800 Filipino, foreign Pogo workers rescued in Tarlac raid", "Authorities rescued 371 Filipinos and 497 foreigners from a Philippine offshore gaming operator (Pogo) allegedly involved in human trafficking in Bamban town, Tarlac province, on Wednesday.")
	if v := Compare(a, b); !v.Same || v.Evidence != "bamban, tarlac, rescue" {
		t.Errorf("Compare = %+v, want same event on bamban, tarlac, rescue", v)
	}
}
