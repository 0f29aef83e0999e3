package filters

import (
	"reflect"
	"testing"
)

func words(s string) []string {
	var out []string
	for _, t := range splitWords(nil, s, 0) {
		out = append(out, t.word)
	}
	return out
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Human Trafficking", []string{"human", "trafficking"}},
		{"TRÁFICO de niños", []string{"trafico", "de", "ninos"}},
		{"tráfico", []string{"trafico"}},
		{"anti-trafficking NGO", []string{"anti", "trafficking", "ngo"}},
		{"IJM’s vice president", []string{"ijm", "s", "vice", "president"}},
		{"antitrafficking", []string{"antitrafficking"}},
		{"ﬁsh ＴＥＳＴ", []string{"fish", "test"}},         // ligature, full-width letters
		{"ΟΔΟΣ οδος", []string{"οδοσ", "οδοσ"}},        // final sigma folds with sigma
		{"KELVIN \u212A", []string{"kelvin", "k"}},     // Kelvin sign folds with k
		{"traf\u00ADficking", []string{"trafficking"}}, // soft hyphen inside a word
		{"2,200 arrested; 3.5%", []string{"2", "200", "arrested", "3", "5"}},
		{"Straße", []string{"straße"}},     // ß has no simple fold to ss
		{"İstanbul", []string{"istanbul"}}, // dotted capital I loses its dot
		{"Торговля ЛЮДЬМИ", []string{"торговля", "людьми"}},
		{"الاتِّجار بالبشر", []string{"الاتجار", "بالبشر"}},                            // shadda and kasra are dropped
		{"ค้า", []string{"ค้", "า"}},                                                   // Thai: one token per character, marks kept
		{"拐卖 case", []string{"拐", "卖", "case"}},                                        // Han characters one by one
		{"scamแก๊ง", []string{"scam", "แ", "ก๊", "ง"}},                                 // a script change splits words
		{"Đường", []string{"duong"}},                                                   // Vietnamese đ folds to d
		{"ZORLA ÇALIŞTIRMA çalıştırma", []string{"zorla", "calistirma", "calistirma"}}, // Turkish ı folds to i
		{"  ...  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := words(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzSplitWordsIdempotent: a word is already normal, so splitting it
// again gives that one word. Words that are slices of the text rather than
// copies must be as normal as the copies.
func FuzzSplitWordsIdempotent(f *testing.F) {
	for _, s := range []string{"Human Trafficking", "TRÁFICO de niños", "traf\u00ADficking", "ΟΔΟΣ ς", "İstanbul ı",
		"ค้ามนุษย์", "拐卖 case", "scamแก๊ง", "Đường", "a\u0301b \u0301c", "ﬁsh ＴＥＳＴ", "मानव तस्करी", "လူကုန်ကူး"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range splitWords(nil, s, 0) {
			if again := words(tok.word); len(again) != 1 || again[0] != tok.word {
				t.Errorf("word %q of %q splits again into %q", tok.word, s, again)
			}
		}
	})
}
