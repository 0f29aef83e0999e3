package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as one spelling of every way it is commonly written:
// lower case (Σ, σ and ς are one letter, as are K and the Kelvin sign, and
// µ and μ), Latin letters without their diacritics (ç, č, ł, ø, đ and
// Turkish ı become c, c, l, o, d and i: text typed without accents writes
// them so), œ, æ and ß written out as oe, ae and ss, ’ as ', and format
// characters (soft hyphens, zero-width joiners) removed. Letters of other
// scripts keep their marks: there they are not optional accents.
func Fold(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch f := FoldRune(r); {
		case f == '’':
			b.WriteByte('\'')
		case f >= utf8.RuneSelf && unicode.Is(unicode.Cf, f):
		default:
			if x := Expansion(f); x != "" {
				b.WriteString(x)
				continue
			}
			b.WriteRune(f)
		}
	}
	return b.String()
}

// folded reports whether Fold would return s unchanged because it is ASCII
// without capitals, as most words are.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// FoldRune is Fold for one rune, without the expansions of œ, æ and ß
// (see Expansion) and without removing format characters.
func FoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if b := latinBase(r); b != 0 {
		return b
	}
	f := unicode.ToLower(r)
	if caseVariant(r) {
		// The lower case of the upper case is the one letter case
		// folding makes of ς and σ, µ (micro) and μ, ϑ and θ.
		f = unicode.ToLower(unicode.ToUpper(r))
	}
	if b := latinBase(f); b != 0 {
		return b // the Ångström sign is Å, folded to a
	}
	return f
}

// caseVariant reports whether r is a lower-case variant of another
// letter (final sigma, the micro sign, Greek symbol forms, old Cyrillic
// forms), the only letters whose lower case is not the lower case of their
// upper case. Checked by ranges: a table search for every letter of every
// script would cost the matcher and the tagger on all text.
func caseVariant(r rune) bool {
	return r == 0x00B5 || r == 0x03C2 || 0x03D0 <= r && r <= 0x03F5 || 0x1C80 <= r && r <= 0x1C88 || r == 0x1FBE
}

// Expansion returns what a folded rune is written out as when it stands
// for two letters (œ, æ, ß), or "".
func Expansion(r rune) string {
	switch r {
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	case 'ß':
		return "ss"
	}
	return ""
}

// The Latin blocks whose letters with diacritics fold to a base letter:
// Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional
// (Vietnamese).
const (
	latinLo, latinHi       = 0x00C0, 0x024F
	latinAddLo, latinAddHi = 0x1E00, 0x1EFF
)

// latinBase returns the ASCII base letter of a Latin letter with
// diacritics, or 0.
func latinBase(r rune) rune {
	switch {
	case r >= latinLo && r <= latinHi:
		return rune(latinBases[r-latinLo])
	case r >= latinAddLo && r <= latinAddHi:
		return rune(latinBases[latinHi-latinLo+1+r-latinAddLo])
	}
	return 0
}

// latinBases maps the runes of the Latin blocks to their base letter, 0
// for none: read-only after start-up, derived from Unicode's canonical
// decompositions so that no accented letter is forgotten.
var latinBases = func() []byte {
	t := make([]byte, latinHi-latinLo+1+latinAddHi-latinAddLo+1)
	set := func(i int, r rune) {
		if b := baseLetter(r); b != 0 {
			t[i] = b
		}
	}
	for r := rune(latinLo); r <= latinHi; r++ {
		set(int(r-latinLo), r)
	}
	for r := rune(latinAddLo); r <= latinAddHi; r++ {
		set(latinHi-latinLo+1+int(r-latinAddLo), r)
	}
	return t
}()

// baseLetter returns the lower-case ASCII letter r is written as without
// its diacritics, or 0 when r is not such a letter.
func baseLetter(r rune) byte {
	lr := unicode.ToLower(unicode.ToUpper(r)) // ſ is s, ẛ is ṡ
	if lr >= 'a' && lr <= 'z' {
		return byte(lr)
	}
	// Letters with a stroke, a bar or no dot have no canonical
	// decomposition but are written without it all the same.
	const stroked, plain = "đħıłøŀŧƀƚɍƶǥɇ", "dhiloltblrzge"
	for i, sr := range []rune(stroked) {
		if sr == lr {
			return plain[i]
		}
	}
	d := norm.NFD.String(string(lr))
	base, n := utf8.DecodeRuneInString(d)
	if base >= 'a' && base <= 'z' && n < len(d) && strings.IndexFunc(d[n:], func(m rune) bool { return !unicode.Is(unicode.Mn, m) }) < 0 {
		return byte(base)
	}
	return 0
}
