package tags

import (
	"slices"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

func newTagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// countryTags keeps the country tags of tags.
func countryTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if IsCountry(t) {
			out = append(out, t)
		}
	}
	return out
}

// Headlines as published (or in their style), with the ambiguous names the
// gazetteer must get right.
func TestCountries(t *testing.T) {
	tg := newTagger(t)
	cases := []struct {
		title, summary string
		want           string // space-separated codes
	}{
		{"Georgia police rescue trafficking victims in Atlanta", "", "US"},
		{"Georgia Police Rescue Trafficking Victims In Atlanta", "", "US"},
		{"Georgia sheriff's office arrests 12 in sex trafficking sting", "", "US"},
		{"Man arrested for trafficking guns across state lines", "Federal agents said he bought 60 pistols in Georgia.", "US"},
		{"Razzia gegen Menschenhandel", "Die Ermittler befreiten zwölf Frauen aus Rumänien.", "RO"},
		{"แรงงานประมงถูกบังคับใช้แรงงานบนเรือ", "ลูกเรือชาวกัมพูชาระบุว่าไม่ได้รับค่าจ้าง", "KH"},
		{"Georgia: Tbilisi court convicts three of trafficking women to Turkey", "", "GE TR"},
		{"ΣΥΛΛΗΨΕΙΣ ΣΤΗΝ ΚΎΠΡΟΣ", "", "CY"}, // capital final sigma, as in Greek headlines
		// Markup is not text, here as in the matcher: script contents,
		// comments and attribute values name no country.
		{"Trafficking ring broken up", `<script>var c = "Cambodia";</script><!-- Thailand --><a title="x > Vietnam">Laos</a>`, "LA"},
		{"Georgian police detain traffickers at the Sarpi border crossing with Türkiye", "", "GE TR"},
		{"Chad: UN warns of child trafficking in refugee camps near Abéché", "", "TD"},
		{"Chad Daybell trial: jury hears from detectives", "", ""},
		{"Chad, 34, charged with trafficking a teenager", "", ""},
		{"Traffickers move children from Chad to Libya", "", "LY TD"},
		{"Jordan's King Abdullah urges action on human trafficking", "", "JO"},
		{"Jordan arrests 12 over trafficking of domestic workers", "", "JO"},
		{"Michael Jordan donates to anti-trafficking charity", "", ""},
		{"Pilgrims baptised in the Jordan River", "", ""},
		{"Niger: migrants stranded in Agadez after smuggling law repealed", "", "NE"},
		{"Nigeria's NAPTIP rescues 20 girls in Kano", "", "NG"},
		{"Niger Delta: police bust 'baby factory', free 10 pregnant teenagers", "", "NG"},
		{"Equatorial Guinea and Guinea-Bissau sign anti-trafficking pact", "", "GQ GW"},
		{"Papua New Guinea logging camps linked to forced labour", "", "PG"},
		{"Guinea: 30 children rescued at Conakry port", "", "GN"},
		{"Piracy in the Gulf of Guinea: crew held for ransom", "", ""},
		{"Guinea pigs used to test new trafficking-detection drug", "", ""},
		{"Turkey detains 40 suspects in migrant smuggling ring", "", "TR"},
		{"How to roast a turkey for Thanksgiving", "", ""},
		{"Buying a turkey from a trafficked farm worker", "", ""},
		{"DR Congo: children forced to work in cobalt mines", "", "CD"},
		{"Congo-Brazzaville police free trafficked children in Pointe-Noire", "", "CG"},
		{"Congo police free 40 trafficked children in Brazzaville", "", "CG"},
		{"Dominica passes anti-trafficking law", "", "DM"},
		{"Dominican Republic arrests sex trafficking suspects in Punta Cana", "", "DO"},
		{"Mali: artisanal gold mines exploit children", "", "ML"},
		{"Somali migrants drown off Yemen", "", "SO YE"},
		{"Woman rescued from forced labour in Oman", "", "OM"},
		{"A woman was trafficked and sold twice", "", ""},
		{"Cambodian police raid scam compound in Sihanoukville", "", "KH"},
		{"Scam centres in Myanmar's Myawaddy hold thousands of Chinese nationals", "", "CN MM"},
		{"US State Department releases 2025 TIP report", "", "US"},
		{"Help us end trafficking, charity says", "", ""},
		{"New Mexico man charged with trafficking teens", "", "US"},
		{"New Jersey police break up massage parlour ring", "", "US"},
		{"Indian Ocean fishing fleets rely on forced labour", "", ""},
		{"Latin America sees rise in trafficking for forced criminality", "", ""},
		{"Northern Ireland police rescue Romanian women", "", "GB RO"},
		{"South Sudan and Sudan agree to return abducted children", "", "SD SS"},
		{"North Korean workers in Russia face forced labour", "", "KP RU"},
		{"Sri Lankan maids stranded in Kuwait", "", "KW LK"},
		{"Virginia Giuffre's memoir describes trafficking network", "", ""},
		{"Police in Sofia arrest Bulgarian traffickers", "", "BG"},
		{"Traffickers hid cash in fine china and porcelain bowls", "", ""},
		{"Traffickers lure workers to Türkiye and Turkiye's neighbours", "", "TR"},
		{"ตำรวจช่วยเหลือเหยื่อค้ามนุษย์จากกัมพูชา", "", "KH"},
		{"缅甸妙瓦底电诈园区解救中国公民", "", "CN MM"},
		{"Detenidos en España 12 miembros de una red de trata", "", "ES"},
		{"Cảnh sát Việt Nam giải cứu 15 phụ nữ bị bán sang Trung Quốc", "", "CN VN"},
		{"Polisi selamatkan 20 WNI dari perusahaan penipuan online di Kamboja", "", "KH"},
		{"Trafficking ring busted", "<p>Police in <b>Phnom Penh</b> said the victims came from Laos.</p>", "KH LA"},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			got := countryTags(tg.Tag(tipwire.Item{Title: c.title, Summary: c.summary}))
			want := strings.Fields(c.want)
			if !slices.Equal(got, want) {
				t.Errorf("countries = %v, want %v", got, want)
			}
		})
	}
}

func TestTypes(t *testing.T) {
	tg := newTagger(t)
	cases := []struct {
		title, summary string
		want           string
	}{
		{"Police raid scam compound, rescue 200 trafficked workers", "", "forced-criminality arrest-raid rescue"},
		{"Man jailed for 10 years for forcing women into prostitution", "", "sexual prosecution-conviction"},
		{"Indonesian fishermen freed from forced labour on Chinese fishing vessel", "", "labour rescue"},
		{"Kidney trafficking ring busted in Nepal", "", "organ arrest-raid"},
		{"Pakistani brides sold to China", "", "forced-marriage"},
		{"Domestic workers in Lebanon face abuse", "", "domestic-servitude"},
		{"New report: 50 million people in modern slavery", "", "report-data"},
		{"Parliament passes anti-trafficking bill", "", "legislation-policy"},
		{"Trafficking victims identified", "Minors were among those rescued, the report said.", "child rescue"},
		{"Detenidos cinco hombres por explotación sexual de menores de edad", "", "sexual child arrest-raid"},
		{"ตำรวจทลายแก๊งคอลเซ็นเตอร์ ช่วยเหลือเหยื่อ", "", "forced-criminality arrest-raid rescue"},
		{"Weather today", "Sunny with a chance of rain.", ""},
		{"Scam victims lost $2m to fake investment app, police say", "", ""},
		{"Polis selamatkan 15 wanita mangsa pemerdagangan orang di Johor", "", "rescue"},
		{"ضبط شبكة للاتجار بالبشر تستغل عاملات المنازل", "", "domestic-servitude arrest-raid"},
		{"Razzia gegen Menschenhandel", "Die Ermittler befreiten zwölf Frauen aus Rumänien.", "arrest-raid rescue"},
		{"Caporalato nelle campagne di Latina: sfruttamento del lavoro", "", "labour"},
		// Greek headlines are often in capitals, where final sigma is Σ:
		// folded as the matcher folds it, ΕΡΓΑΣΙΑΣ is εργασίας.
		{"ΘΥΜΑΤΑ ΚΑΤΑΝΑΓΚΑΣΤΙΚΉΣ ΕΡΓΑΣΊΑΣ", "", "labour"},
		{"θύματα καταναγκαστικής εργασίας", "", "labour"},
		{"Arbeidsuitbuiting in de vleessector", "", "labour"},
		{"DIICOT: victimele, exploatate sexual în Germania", "", "sexual"},
		{"Yabancı uyruklu kadınlar fuhuşa zorlandı", "", "sexual"},
		{"ईंट भट्ठे से 40 बंधुआ मजदूर छुड़ाए गए", "", "labour"},
		{"بھٹہ مزدوروں سے جبری مشقت", "", "labour"},
		{"Polisi wapinga ndoa za utotoni", "", "forced-marriage"},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			tags := tg.Tag(tipwire.Item{Title: c.title, Summary: c.summary})
			var got []string
			for _, x := range tags {
				if !IsCountry(x) {
					got = append(got, x)
				}
			}
			if want := strings.Fields(c.want); !slices.Equal(got, want) {
				t.Errorf("types = %v, want %v", got, want)
			}
		})
	}
}

// iso3166 is every officially assigned ISO 3166-1 alpha-2 code.
const iso3166 = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`

func TestEveryCountry(t *testing.T) {
	tg := newTagger(t)
	var got []string
	for _, c := range tg.Countries() {
		got = append(got, c.Code)
		if c.Name == "" {
			t.Errorf("%s has no name", c.Code)
		}
		// Every country is found by its own display name in a plain sentence.
		tags := countryTags(tg.Tag(tipwire.Item{Title: "Traffickers arrested in " + c.Name + " last week"}))
		if !slices.Contains(tags, c.Code) {
			t.Errorf("%q tagged %v, want %s", c.Name, tags, c.Code)
		}
	}
	want := append(strings.Fields(iso3166), "XK")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("codes differ from ISO 3166-1: got %d, want %d", len(got), len(want))
	}
	if name, ok := tg.CountryName("kh"); !ok || name != "Cambodia" {
		t.Errorf("CountryName(kh) = %q, %v", name, ok)
	}
	if _, ok := tg.CountryName("ZZ"); ok {
		t.Error("CountryName(ZZ) is known")
	}
}

func TestDataErrors(t *testing.T) {
	cases := []struct{ name, countries, ambiguous, want string }{
		{"bad code", "kh\tCambodia\t\t\n", "", "not two capital letters"},
		{"duplicate code", "KH\tCambodia\nKH\tKampuchea\n", "", "listed twice"},
		{"clash", "KH\tCambodia\nLA\tCambodia\n", "", "is also KH"},
		{"unknown rule", "", "chad\tTD\tsometimes\n", "unknown rule"},
		{"bad alt", "", "chad\tTD\talt:US\n", "want alt:CODE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadGazetteer([]byte(c.countries), []byte(c.ambiguous))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	if _, err := loadTypes([]byte("slavery\t2\ten\tslave*\n")); err == nil || !strings.Contains(err.Error(), "unknown tag") {
		t.Errorf("unknown type tag: err = %v", err)
	}
	if _, err := loadTypes([]byte("child\t2\ten\tki*\n")); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("short prefix: err = %v", err)
	}
}

func TestIsCountry(t *testing.T) {
	for tag, want := range map[string]bool{"KH": true, "US": true, "kh": false, "rescue": false, "K": false, "KHM": false} {
		if got := IsCountry(tag); got != want {
			t.Errorf("IsCountry(%q) = %v", tag, got)
		}
	}
}

func BenchmarkTag(b *testing.B) {
	tg := newTagger(b)
	it := tipwire.Item{
		Title:   "Cambodian police raid scam compound in Sihanoukville, rescue 200 trafficked workers",
		Summary: strings.Repeat("<p>Victims from Indonesia, Kenya and the Philippines were forced to run online scams. ", 20),
	}
	for b.Loop() {
		tg.Tag(it)
	}
}

// BenchmarkTagCorpus tags the corpus; ns/item is the per-item cost.
func BenchmarkTagCorpus(b *testing.B) {
	tg := newTagger(b)
	items := corpus(b)
	for b.Loop() {
		for _, it := range items {
			tg.Tag(it)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/item")
}

// TestFingerprint checks that the fingerprint a store records is stable
// across loads, so a restart does not re-tag everything.
func TestFingerprint(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint() == "" || a.Fingerprint() != b.Fingerprint() {
		t.Errorf("fingerprints %q and %q, want one non-empty value", a.Fingerprint(), b.Fingerprint())
	}
}
