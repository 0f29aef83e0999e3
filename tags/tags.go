// Package tags labels news items with the countries they are about and the
// kinds of exploitation and events they report, so stories can be routed
// (per-country feeds, alert routes, `tag:KH` in topic rules).
//
// # Namespace
//
// Country tags are ISO 3166-1 alpha-2 codes in upper case ("KH", "US"; "XK"
// for Kosovo). Type tags are lower case words joined by '-': the exploitation
// types sexual, labour, child, organ, forced-marriage, forced-criminality
// (scam compounds, forced begging, drug mules) and domestic-servitude, and
// the event types arrest-raid, rescue, prosecution-conviction,
// legislation-policy and report-data. The two never collide: IsCountry tells
// them apart. Tag returns countries first (sorted), then exploitation types,
// then event types, in the order above.
//
// # Countries
//
// The gazetteer (data/countries.tsv) gives every country its common names
// (several languages and scripts), demonyms, capital and the cities and
// regions trafficking news names. Text is matched whole-word after case and
// Latin accent folding, the longest name at each position winning, so
// "Nigeria" never contains "Niger", "Papua New Guinea" is not Guinea and
// "woman" is not Oman. Thai, Khmer, Lao, Myanmar, Chinese, Japanese and Korean
// names are found as substrings. Names that mean other things
// (data/ambiguous.tsv) carry rules: Turkey, Guinea, China need a capital
// letter; Chad and Jordan must not be part of a person's name ("Chad
// Daybell", "Michael Jordan"); Georgia is the US state when the item speaks
// of Atlanta, a county or a sheriff; "guinea pig", "Gulf of Guinea" and
// "Jordan River" name no country.
//
// # Types
//
// data/types.tsv lists weighted phrases per type in English, Spanish,
// French, Portuguese, Indonesian, German, Thai, Khmer, Chinese, Russian and
// Vietnamese, and the forced-labour, sexual-exploitation and forced-marriage
// terms of Italian, Dutch, Polish, Romanian, Ukrainian, Turkish, Estonian,
// Greek, Tagalog, Burmese, Hindi, Bengali, Nepali, Urdu and Swahili. A type is given when its evidence reaches 2: a weight-2
// phrase anywhere, or weight-1 phrases in the title or twice in the text.
package tags

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

//go:embed data/countries.tsv data/ambiguous.tsv data/types.tsv
var data embed.FS

// rulesVersion changes whenever the tagging code (not its data) changes
// what Tag returns, so Fingerprint changes and stored tags are redone.
const rulesVersion = "tags-1"

// Tagger tags items. It is immutable after New and safe for concurrent use.
type Tagger struct {
	gaz         *gazetteer
	types       *typeSet
	fingerprint string
}

// New loads the embedded gazetteer and type phrases.
func New() (*Tagger, error) {
	h := sha256.New()
	h.Write([]byte(rulesVersion))
	read := func(name string) []byte {
		b, _ := data.ReadFile("data/" + name) // embedded: cannot fail
		fmt.Fprintf(h, "\x00%s\x00%d\x00", name, len(b))
		h.Write(b)
		return b
	}
	g, err := loadGazetteer(read("countries.tsv"), read("ambiguous.tsv"))
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	ts, err := loadTypes(read("types.tsv"))
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	return &Tagger{gaz: g, types: ts, fingerprint: hex.EncodeToString(h.Sum(nil)[:16])}, nil
}

// Fingerprint identifies what Tag returns: the rules version and the
// gazetteer and type phrases. Tags stored under another fingerprint are
// stale (a new release names more cities, say) and can be redone.
func (t *Tagger) Fingerprint() string { return t.fingerprint }

// Tag returns the item's tags: country codes (sorted), then exploitation
// and event types. It reads the title, summary, content and categories.
func (t *Tagger) Tag(it tipwire.Item) []string {
	fields := itemFields(it)
	found := t.gaz.countries(fields)
	out := make([]string, 0, len(found)+4)
	for _, code := range t.gaz.codes {
		if found[code] {
			out = append(out, code)
		}
	}
	return append(out, t.types.types(fields)...)
}

// itemFields splits an item into the fields that are tagged.
func itemFields(it tipwire.Item) []*field {
	fields := []*field{newField(it.Title, true)}
	summary := text.PlainText(it.Summary)
	fields = append(fields, newField(summary, false))
	// Feeds often repeat the summary as the content.
	if content := text.PlainText(it.Content); content != summary {
		fields = append(fields, newField(content, false))
	}
	for _, c := range it.Categories {
		fields = append(fields, newField(c, false))
	}
	return fields
}

// Country is a country of the gazetteer.
type Country struct {
	Code string // ISO 3166-1 alpha-2, upper case
	Name string // common English name
}

// Countries lists every country of the gazetteer, sorted by code.
func (t *Tagger) Countries() []Country {
	out := make([]Country, 0, len(t.gaz.codes))
	for _, c := range t.gaz.codes {
		out = append(out, Country{Code: c, Name: t.gaz.names[c]})
	}
	return out
}

// CountryName returns the common English name of a country code (any case);
// ok is false for codes the gazetteer does not know.
func (t *Tagger) CountryName(code string) (name string, ok bool) {
	name, ok = t.gaz.names[strings.ToUpper(code)]
	return name, ok
}

// IsCountry reports whether tag is a country tag: two upper-case ASCII
// letters. Type tags are lower case.
func IsCountry(tag string) bool {
	return len(tag) == 2 && tag[0] >= 'A' && tag[0] <= 'Z' && tag[1] >= 'A' && tag[1] <= 'Z'
}
