package text

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

func spans(s string, sp Split) []string {
	var out []string
	for start, end := range Spans(s, sp) {
		out = append(out, s[start:end])
	}
	return out
}

func TestSpans(t *testing.T) {
	marks, apos := Split{Marks: true}, Split{Apostrophes: true}
	tests := []struct {
		in   string
		sp   Split
		want []string
	}{
		{"Human Trafficking, 2,200 held", Split{}, []string{"Human", "Trafficking", "2", "200", "held"}},
		{"anti-trafficking NGO", marks, []string{"anti", "trafficking", "NGO"}},
		{"मानव तस्करी", Split{}, []string{"म", "नव", "तस", "कर"}}, // marks end words: the identity key's reading
		{"मानव तस्करी", marks, []string{"मानव", "तस्करी"}},
		{"cafe\u0301 x", Split{}, []string{"cafe", "x"}},
		{"cafe\u0301 x", marks, []string{"cafe\u0301", "x"}},
		{"traf\u00ADficking", Split{}, []string{"traf", "ficking"}},
		{"traf\u00ADficking", marks, []string{"traf\u00ADficking"}},
		{"\u00ADword\u200B", marks, []string{"word\u200B"}}, // a format character starts no word
		{"O'Brien's ‘quoted’ Xi’an ''", apos, []string{"O'Brien's", "quoted", "Xi’an"}},
		{"O'Brien", Split{}, []string{"O", "Brien"}},
		{"  ...  ", marks, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := spans(tt.in, tt.sp); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Spans(%q, %+v) = %q, want %q", tt.in, tt.sp, got, tt.want)
			}
		})
	}
}

func TestSpansStop(t *testing.T) {
	n := 0
	for range Spans("a b c", Split{}) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("Spans went on after break: %d words", n)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"trafficking", "trafficking"},
		{"Türkiye TURKIYE", "turkiye turkiye"},
		{"Gonçalves GONÇALVES", "goncalves goncalves"},
		{"Łódź Dvořák Ørsted Đà Nẵng", "lodz dvorak orsted da nang"},
		{"ÇALIŞTIRMA İstanbul", "calistirma istanbul"},
		{"Straße Æsir Œuvre", "strasse aesir oeuvre"},
		{"ΟΔΟΣ οδος", "οδοσ οδοσ"},
		{"KELVIN \u212A", "kelvin k"},
		{"µ Μ μ ſ ẛ \u212B", "μ μ μ s s a"}, // micro sign and mu, long s, Ångström sign
		{"Україна", "україна"},
		{"Ελλάδα", "ελλάδα"}, // marks of other scripts stay
		{"Xi’an", "xi'an"},
		{"traf\u00ADficking", "trafficking"},
		{"ค้ามนุษย์", "ค้ามนุษย์"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldLatinBlocks: every letter of the Latin blocks that decomposes
// into an ASCII letter and accents folds to that letter, whatever its case.
func TestFoldLatinBlocks(t *testing.T) {
	for _, r := range "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎẠạẤấẶặÇçĆćĈĉĊċČčĎďÈéêëĒēĔĕĖėĘęĚěẸẹẾếỆệĜĝĞğĠġĢģĤĥÌíîïĨĩĪīĬĭĮįǏǐỊịĶķĹĺĻļĽľÑñŃńŅņŇňÒóôõöŌōŎŏŐőǑǒỌọỐốỚớƠơŔŕŖŗŘřŚśŜŝŞşŠšȘșŢţŤťȚțÙúûüŨũŪūŬŭŮůŰűŲųǓǔỤụỨứƯưÝýÿŶŷỲỳỴỵỸỹŹźŻżŽž" {
		f := FoldRune(r)
		if f < 'a' || f > 'z' {
			t.Errorf("FoldRune(%q) = %q, want an ASCII letter", r, f)
		}
	}
}

func normal(s string) []string {
	var out []string
	for w := range NormalWords(s) {
		out = append(out, w)
	}
	return out
}

func TestNormalWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Human Trafficking", []string{"human", "trafficking"}},
		{"TRÁFICO de niños", []string{"trafico", "de", "ninos"}},
		{"anti-trafficking NGO", []string{"anti", "trafficking", "ngo"}},
		{"IJM’s vice president", []string{"ijm", "s", "vice", "president"}},
		{"ﬁsh ＴＥＳＴ", []string{"fish", "test"}},         // ligature, full-width letters
		{"ΟΔΟΣ οδος", []string{"οδοσ", "οδοσ"}},        // final sigma folds with sigma
		{"KELVIN \u212A", []string{"kelvin", "k"}},     // Kelvin sign folds with k
		{"traf\u00ADficking", []string{"trafficking"}}, // soft hyphen inside a word
		{"2,200 arrested; 3.5%", []string{"2", "200", "arrested", "3", "5"}},
		{"Straße", []string{"strasse"}},
		{"Łódź Ørsted", []string{"lodz", "orsted"}}, // stroked letters fold as Fold folds them
		{"İstanbul", []string{"istanbul"}},          // dotted capital I loses its dot
		{"Торговля ЛЮДЬМИ", []string{"торговля", "людьми"}},
		{"الاتِّجار بالبشر", []string{"الاتجار", "بالبشر"}}, // shadda and kasra are dropped
		{"ค้า", []string{"ค้", "า"}},                        // Thai: one token per character, marks kept
		{"拐卖 case", []string{"拐", "卖", "case"}},
		{"scamแก๊ง", []string{"scam", "แ", "ก๊", "ง"}}, // a script change splits words
		{"Đường", []string{"duong"}},
		{"ZORLA ÇALIŞTIRMA çalıştırma", []string{"zorla", "calistirma", "calistirma"}},
		{"  ...  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normal(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NormalWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzNormalWordsIdempotent: a word is already normal, so splitting it
// again gives that one word. Words that are slices of the text rather than
// copies must be as normal as the copies.
func FuzzNormalWordsIdempotent(f *testing.F) {
	for _, s := range []string{"Human Trafficking", "TRÁFICO de niños", "traf\u00ADficking", "ΟΔΟΣ ς", "İstanbul ı",
		"ค้ามนุษย์", "拐卖 case", "scamแก๊ง", "Đường", "a\u0301b \u0301c", "ﬁsh ＴＥＳＴ", "मानव तस्करी", "လူကုန်ကူး", "Straße Łódź"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for w := range NormalWords(s) {
			if again := normal(w); len(again) != 1 || again[0] != w {
				t.Errorf("word %q of %q splits again into %q", w, s, again)
			}
		}
	})
}

// FuzzSpans: words come in order, never overlap, and only separators (or
// apostrophes trimmed off a word) lie between them.
func FuzzSpans(f *testing.F) {
	for _, s := range []string{"O'Brien’s", "traf\u00ADficking", "मानव तस्करी", "a\u0301b", "''x''"} {
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, s string, marks, apos bool) {
		sp := Split{Marks: marks, Apostrophes: apos}
		prev := 0
		for start, end := range Spans(s, sp) {
			if start < prev || end <= start || end > len(s) {
				t.Fatalf("Spans(%q): span [%d,%d) after %d", s, start, end, prev)
			}
			for _, r := range s[prev:start] {
				if sp.inWord(r) && r != '\'' && r != '’' && r != utf8.RuneError {
					t.Errorf("Spans(%q): %q skipped between words", s, r)
				}
			}
			prev = end
		}
	})
}

// TestFoldRuneCase: FoldRune is case-insensitive for every letter, as the
// lower case of the upper case is, and folding twice changes nothing;
// caseVariant names every letter where that differs from the lower case.
// (Marks stay marks: the ypogegrammeni is not folded to iota.)
func TestFoldRuneCase(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.ToLower(unicode.ToUpper(r)) != unicode.ToLower(r) && !caseVariant(r) && latinBase(r) == 0 {
			t.Errorf("caseVariant(%q %U) = false", r, r)
		}
		f := FoldRune(r)
		if g := FoldRune(unicode.ToUpper(r)); g != f {
			t.Errorf("FoldRune(%q) = %q, FoldRune of its upper case %q", r, f, g)
		}
		if g := FoldRune(f); g != f {
			t.Errorf("FoldRune(%q) = %q, folded again %q", r, f, g)
		}
	}
}
