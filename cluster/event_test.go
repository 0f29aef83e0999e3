package cluster

import (
	"slices"
	"strings"
	"testing"
	"time"
)

type dated struct {
	title, lead string
	published   string // YYYY-MM-DD or ""
}

func (d dated) doc(t *testing.T) Doc {
	t.Helper()
	doc := NewDoc(d.title, d.lead)
	if d.published == "" {
		return doc
	}
	p, err := time.Parse(time.DateOnly, d.published)
	if err != nil {
		t.Fatal(err)
	}
	return doc.WithDate(p)
}

func TestCompareSameEvent(t *testing.T) {
	tests := []struct {
		name     string
		a, b     dated
		same     bool
		evidence string // for same: the shared names and numbers
		conflict string // for apart: the start of Conflict
	}{
		{"two outlets' words, one verdict",
			dated{"Alleged NXIVM cult leader found guilty in sex trafficking case", "The former leader of a purported self-improvement group has been found guilty on seven counts. Jurors began deliberating the case against Keith Raniere on Wednesday.", "2019-06-19"},
			dated{"Sex cult leader Keith Raniere found guilty of all counts after branding followers", "Keith Raniere, the founder of the NXIVM self-help company that prosecutors said housed a sex cult, was found guilty of racketeering and sex trafficking on Wednesday.", "2019-06-19"},
			true, "keith, nxivm, raniere, cult, leader, verdict", ""},
		{"names carry across languages, accents folded",
			dated{"Andrew Tate detained in Romania on suspicion of human trafficking and rape", "Andrew Tate has reportedly been detained in Romania as part of a human trafficking and rape investigation, seen being led away from a villa in Voluntari by police.", "2022-12-30"},
			dated{"Andrew Tate, l'influenceur, arrêté en Roumanie pour trafic d'êtres humains", "L'ancien champion de kickboxing Andrew Tate a été arrêté à Voluntari avec son frère en Roumanie ce jeudi 29 décembre dans le cadre d'une enquête sur la traite des êtres humains.", "2022-12-30"},
			true, "andrew, tate, voluntari, arrest", ""},
		{"numbers carry across scripts",
			dated{"Court convicts Brajesh Thakur, 18 others in Muzaffarpur shelter home case", "A Delhi court on Monday convicted Brajesh Thakur and 18 others for assault on girls in a Muzaffarpur shelter home.", "2020-01-20"},
			dated{"Brajesh Thakur, 18 others convicted in Muzaffarpur shelter home case; 1 acquitted", "The court has convicted 19 in the Muzaffarpur shelter home case. Accused NGO owner Brajesh Thakur is among those found guilty.", "2020-01-21"},
			true, "brajesh, muzaffarpur, thakur, 18, shelter, verdict", ""},
		{"one title, years apart",
			dated{"Police rescue 108 Ethiopians from Kiambu house", "Detectives rescued 108 Ethiopian nationals held in a house in Kirigiti, Kiambu County.", "2009-03-02"},
			dated{"Police rescue 108 Ethiopians from Kiambu house", "Detectives rescued 108 Ethiopian nationals held in a house in Kirigiti, Kiambu County.", "2020-03-02"},
			false, "", "published too far apart"},
		{"the sentencing is not the verdict",
			dated{"Ekweremadu found guilty of organ harvesting plot", "A London jury found Ike Ekweremadu and his wife Beatrice guilty of plotting to harvest a kidney, the Crown Prosecution Service said.", "2023-03-23"},
			dated{"Ekweremadu and wife sentenced to prison for organ harvesting plot", "Ike Ekweremadu, his wife Beatrice and Obinna Obeta were sentenced in London for their organ harvesting plot.", "2023-03-25"},
			false, "", "phase "},
		{"the flight home is not the rescue",
			dated{"Chinese actor Wang Xing rescued near Thai-Myanmar border", "Chinese actor Wang Xing, who went missing near the border on January 3, has been rescued, officials confirmed.", "2025-01-07"},
			dated{"Rescued from Myanmar, Chinese actor Wang Xing flies home", "Actor Wang Xing, who fell victim to a human trafficking network, has boarded a flight home after his rescue.", "2025-01-08"},
			false, "", "phase "},
		{"headlines lead with other counts",
			dated{"158 foreigners rescued from Pogo hub in Porac", "Authorities rescued 158 foreigners working at a Pogo hub in Porac, Pampanga.", "2024-06-05"},
			dated{"135 foreigners caught leaving Porac Pogo before police ops", "A total of 135 foreigners were caught leaving a Pogo hub in Porac, Pampanga.", "2024-06-05"},
			false, "", "158/135"},
		{"one tally counted twice",
			dated{"158 foreigners rescued from Pogo hub in Porac", "Authorities rescued 158 foreigners working at a Pogo hub in Porac, Pampanga.", "2024-06-05"},
			dated{"157 foreigners caught leaving Porac Pogo before police ops", "A total of 157 foreigners were caught leaving a Pogo hub in Porac, Pampanga.", "2024-06-05"},
			true, "pampanga, pogo, porac, 158", ""},
		{"one agency, one industry, another town's raid",
			dated{"PAOCC raids Pogo hub in Bamban, rescues workers", "Operatives of the Presidential Anti-Organized Crime Commission raided a Philippine Offshore Gaming Operator compound in Bamban, Tarlac, on Wednesday.", "2024-03-13"},
			dated{"PAOCC raids Pogo hub in Porac, rescues workers", "Operatives of the Presidential Anti-Organized Crime Commission raided a Philippine Offshore Gaming Operator hub in Porac, Pampanga, on Friday.", "2024-03-15"},
			false, "", ""},
		{"one person, two events in a week",
			dated{"Police raid Andrew Tate's home in Romania", "Police in Romania raided the home of Andrew Tate as part of an investigation into new allegations.", "2024-08-21"},
			dated{"Andrew Tate placed under judicial control", "Prosecutors placed Andrew Tate under judicial control for 60 days over the new allegations.", "2024-08-23"},
			false, "", ""},
		{"headlines that name nothing, leads that name one town",
			dated{"Police rescue women held in karaoke bar", "Police in Pattaya rescued women held in a karaoke bar near Jomtien beach on Monday.", "2024-05-06"},
			dated{"Two men arrested over forced labour at fishing pier", "Officers in Pattaya arrested two men accused of forcing migrants to work at a pier near Jomtien.", "2024-05-06"},
			false, "", ""},
		{"one rewritten headline, no names",
			dated{"UK jury finds Nigerian politician guilty of organ harvesting plot", "A London jury on Thursday found Nigeria's former deputy Senate president guilty of plotting to harvest a street trader's kidney.", "2023-03-23"},
			dated{"Nigerian Politician Found Guilty In UK Organ Harvesting Plot", "In a scheme to take a street vendor to the U.K. for his organs, a senior Nigerian politician and his wife were found guilty on Thursday.", "2023-03-23"},
			true, "politician, organ, harvest, plot, uk, verdict", ""},
		{"one person, one country, one kind of event",
			dated{"Andrew Tate detained in Romania on suspicion of human trafficking and rape", "Andrew Tate has reportedly been detained in Romania as part of a human trafficking and rape investigation.", "2022-12-30"},
			dated{"Andrew Tate held in Romania for human trafficking", "BUCHAREST - Former kickboxer Andrew Tate appeared in a Romanian court Friday following his arrest.", "2022-12-30"},
			true, "andrew, tate, romania, arrest", ""},
		{"two words of a template are not an event",
			dated{"Police rescue women held in karaoke bar in Pattaya", "Police rescued 12 women held in a karaoke bar near the beach on Monday.", "2024-05-06"},
			dated{"Women freed from karaoke bar in Thailand", "Officers in Chiang Mai freed 14 women from a karaoke bar on Monday.", "2024-05-06"},
			false, "", ""},
		{"one trial opening told by two Vietnamese outlets",
			dated{"Xét xử 12 bị cáo trong vụ 27 người Việt chết trong xe tải đông lạnh", "Tòa án ở Paris hôm nay mở phiên xét xử 12 bị cáo liên quan đến vụ 27 người Việt Nam chết trong xe tải đông lạnh.", "2025-03-10"},
			dated{"Pháp: Mở phiên tòa xét xử vụ 27 người Việt tử vong trong xe tải đông lạnh", "Theo hãng tin AFP, ngày 10/3, tòa án Pháp bắt đầu xét xử các nghi phạm trong vụ 27 người Việt Nam tử vong trong xe tải.", "2025-03-10"},
			true, "27, việt, đông, lạnh, trial", ""},
		{"Vietnamese function words are not a shared subject",
			dated{"Xét xử 12 người trong đường dây đưa người sang Campuchia", "Tòa án tỉnh An Giang xét xử 12 người trong đường dây đưa người sang Campuchia làm việc.", "2025-03-10"},
			dated{"Xét xử 12 người trong vụ lừa đảo qua mạng", "Tòa án thành phố Hà Nội xét xử 12 người trong vụ lừa đảo chiếm đoạt tài sản qua mạng.", "2025-03-10"},
			false, "", ""},
		{"a Thai report counts the edition's year from the Buddha",
			dated{"รายงาน Global Slavery Index 2566: ไทยอยู่อันดับ 23", "Walk Free เผยแพร่รายงาน Global Slavery Index ประจำปี 2566", "2023-05-24"},
			dated{"Global Slavery Index 2023 ranks Thailand 23rd", "Walk Free published its Global Slavery Index 2023 on Wednesday.", "2023-05-24"},
			true, "free, global, index, slavery, walk, global-slavery-index 2023", ""},
		{"the Thai edition of another year",
			dated{"รายงาน Global Slavery Index 2561: ไทยอยู่อันดับ 23", "Walk Free เผยแพร่รายงาน Global Slavery Index ประจำปี 2561", "2023-05-24"},
			dated{"Global Slavery Index 2023 ranks Thailand 23rd", "Walk Free published its Global Slavery Index 2023 on Wednesday.", "2023-05-24"},
			false, "", "2018/2023"},
		{"one arrest in German and in English",
			dated{"Razvan Petrescu in Rumänien festgenommen", "Der Geschäftsmann Razvan Petrescu wurde am Dienstag in Constanța wegen Menschenhandels festgenommen, teilte die Staatsanwaltschaft mit.", "2025-02-11"},
			dated{"Razvan Petrescu detained in Romania over trafficking claims", "Businessman Razvan Petrescu was detained in the Black Sea port on Tuesday on suspicion of human trafficking, prosecutors said.", "2025-02-11"},
			true, "petrescu, razvan, arrest", ""},
		{"a Turkish name with its case ending",
			dated{"Jandarma Antalya'da 14 göçmeni kurtardı", "Jandarma, Antalya'da bir depoda zorla çalıştırılan 14 göçmeni kurtardı.", "2025-02-11"},
			dated{"14 migrants freed from Antalya warehouse", "Gendarmes in Antalya freed 14 migrants forced to work in a warehouse, officials said.", "2025-02-11"},
			true, "antalya, 14, rescue", ""},
		{"one sentencing in German and in English",
			dated{"Razvan Petrescu zu acht Jahren Haft verurteilt", "Ein Gericht in Constanța hat den Geschäftsmann Razvan Petrescu wegen Menschenhandels zu acht Jahren Haft verurteilt.", "2025-03-14"},
			dated{"Razvan Petrescu jailed for eight years for human trafficking", "A court in Constanța sentenced businessman Razvan Petrescu to eight years in prison for human trafficking.", "2025-03-14"},
			true, "constanta, petrescu, razvan", ""},
		{"the German sentencing is not the English verdict",
			dated{"Razvan Petrescu zu acht Jahren Haft verurteilt", "Ein Gericht in Constanța hat den Geschäftsmann Razvan Petrescu wegen Menschenhandels zu acht Jahren Haft verurteilt.", "2025-02-14"},
			dated{"Razvan Petrescu found guilty of human trafficking", "A court in Constanța found businessman Razvan Petrescu guilty of human trafficking on Tuesday.", "2025-02-11"},
			false, "", "phase "},
		{"a country and a count are not an event",
			dated{"Thailand rescues 23 trafficking victims in Bangkok", "Police in Bangkok rescued 23 Thai women from a karaoke bar on Monday.", "2024-05-06"},
			dated{"23 Myanmar workers freed in Thailand fishing raid", "Authorities in Thailand freed 23 Myanmar workers from a fishing boat in Ranong on Monday.", "2024-05-06"},
			false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a.doc(t), tt.b.doc(t)
			v := comparePair(t, a, b, tt.same, tt.conflict)
			if tt.same && (v.Reason != ReasonSameEvent || v.Evidence != tt.evidence || v.Explain() != "same event: "+tt.evidence) {
				t.Errorf("Compare = %+v (%q), want same event on %q", v, v.Explain(), tt.evidence)
			}
			if tt.same && !shareNameKey(a, b) {
				t.Errorf("reports of one event share no name key: %v / %v", a.Signature().Names, b.Signature().Names)
			}
		})
	}
}

func shareNameKey(a, b Doc) bool {
	bn := b.Signature().Names
	return slices.ContainsFunc(a.Signature().Names, func(k int64) bool { return slices.Contains(bn, k) })
}

func TestEvidenceNames(t *testing.T) {
	tests := []struct {
		title, lead string
		names, nums []string
	}{
		{"AP investigation prompts emergency rescue of 300 plus slaves", "BENJINA, Indonesia - At first the men filtered in by twos and threes, hearing whispers of a rescue by Indonesian officials.",
			[]string{"benjina"}, []string{"300"}},
		{"Enam Kapal Evakuasi WNA dari Benjina", "Enam kapal mengevakuasi 319 warga negara asing dari Benjina, Kabupaten Kepulauan Aru ke Tual.",
			[]string{"aru", "benjina", "kabupaten", "kepulauan", "tual"}, []string{"319"}},
		{"王星被騙入緬甸詐騙窩點 獲救多虧女友把握黃金72小時", "", nil, []string{"72"}},
		{"26 June 2024 - US report: Philippines keeps Tier 1 status", "Published on June 26, the report ranks 188 countries; 8 de junio.", nil, []string{"1", "188", "2024"}},
		{"ไทยอยู่ใน Tier 2 ของรายงานประจำปี 2566", "เผยแพร่เมื่อ 15 มิ.ย. 2566", nil, []string{"15", "2", "2023"}},
		{"2567 households flooded in Chiang Mai", "Officials counted 2567 households and 2024 residents.", []string{"chiang", "mai"}, []string{"2024", "2567"}},
		{"Eleven women rescued in H1N1 Ward raid, police say", "Officers freed eleven women on Tuesday, Police Scotland said.", []string{"ward"}, []string{"11"}},
	}
	for _, tt := range tests {
		d := NewDoc(tt.title, tt.lead)
		if !slices.Equal(d.ev.names, tt.names) || !slices.Equal(d.ev.numbers, tt.nums) {
			t.Errorf("%q: names %q numbers %q, want %q %q", tt.title, d.ev.names, d.ev.numbers, tt.names, tt.nums)
		}
	}
}

func TestWithDateRoundTrip(t *testing.T) {
	d := NewDoc("Police rescue 108 Ethiopians from Kiambu house", "Detectives rescued 108 Ethiopian nationals.").WithDate(time.Date(2022, 2, 20, 23, 0, 0, 0, time.FixedZone("EAT", 3*3600)))
	got, err := DecodeDoc(d.Encode())
	if err != nil || got.day != d.day || d.day == 0 {
		t.Fatalf("day %d decoded as %d (%v)", d.day, got.day, err)
	}
	if d.WithDate(time.Time{}).day != 0 {
		t.Error("a zero date is not unknown")
	}
}

// comparePair compares a and b both ways and checks the verdict: same or
// not, symmetric, and when apart a conflict that starts with conflict.
func comparePair(t *testing.T, a, b Doc, same bool, conflict string) Verdict {
	t.Helper()
	v := Compare(a, b)
	if v.Same != same {
		t.Fatalf("Compare = %+v, want same=%v", v, same)
	}
	if w := Compare(b, a); w.Same != v.Same {
		t.Errorf("Compare is not symmetric: %+v vs %+v", v, w)
	}
	if !same && !strings.HasPrefix(v.Conflict, conflict) {
		t.Errorf("Conflict %q, want it to start with %q", v.Conflict, conflict)
	}
	return v
}
