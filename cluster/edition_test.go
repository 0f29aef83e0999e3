package cluster

import (
	"slices"
	"testing"
)

func TestReportsNamed(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The 2024 Trafficking in Persons Report ranks 188 countries", []string{"report:tip-report"}},
		{"the Trafficking in Persons (TIP) 2024 report by the United States", []string{"report:tip-report"}},
		{"ไทยยังคงอยู่ใน Tier 2 (TIP Report)", []string{"report:tip-report"}},
		{"UNODC Global Report on Trafficking in Persons 2024", []string{"report:global-report"}},
		{"Walk Free's Global Slavery Index 2023", []string{"report:global-slavery-index"}},
		{"El Informe sobre la Trata de Personas 2024 del Departamento de Estado", []string{"report:tip-report"}},
		{"Le rapport TIP 2024 classe la France en catégorie 1", []string{"report:tip-report"}},
		{"Relatório sobre Tráfico de Pessoas de 2024", []string{"report:tip-report"}},
		// False friends: a tip-off, and the words of a name out of order.
		{"Acting on a tip, report officers raided a house", nil},
		{"Persons trafficking report for 2024", nil},
	}
	for _, tt := range tests {
		if got := reportsNamed(splitWords(tt.text, 0)); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestCompareEdition(t *testing.T) {
	tests := []struct {
		name     string
		a, b     dated
		same     bool
		evidence string
	}{
		{"one edition, a US angle and a country's grade",
			dated{"State Department Names Worst Offenders in Annual Anti-Trafficking Review", "The State Department released its 2025 Trafficking in Persons Report on Monday, ranking 188 countries and territories.", "2025-06-23"},
			dated{"Ghana keeps Tier 1 in 2025 US trafficking report", "ACCRA: Ghana has retained Tier 1 in the United States' Trafficking in Persons (TIP) Report for 2025, the ministry said.", "2025-06-24"},
			true, "tip-report 2025"},
		{"one edition in Spanish and in English",
			dated{"México se mantiene en el Nivel 2 del informe 2025 de EU", "El Departamento de Estado publicó el Informe sobre la Trata de Personas 2025, que mantiene a México en el Nivel 2.", "2025-06-24"},
			dated{"US report keeps Mexico on Tier 2 for 2025", "The State Department's 2025 Trafficking in Persons Report, released on Monday, keeps Mexico on Tier 2.", "2025-06-23"},
			true, "tip-report 2025"},
		{"one report, its grades, no year",
			dated{"Ghana keeps Tier 1 in US trafficking report", "ACCRA: Ghana has retained Tier 1 in the United States' Trafficking in Persons (TIP) Report, the ministry said.", "2025-06-24"},
			dated{"Nigeria stays on Tier 2 in trafficking report", "ABUJA: Nigeria remained on Tier 2 in the latest Trafficking in Persons (TIP) Report, officials said.", "2025-06-24"},
			false, ""},
		{"two reports of one year",
			dated{"UN report: child trafficking victims up by a third", "The UNODC Global Report on Trafficking in Persons 2024 finds that detected child victims rose 31 per cent.", "2024-12-11"},
			dated{"US report ranks Malaysia on Tier 2", "KUALA LUMPUR: Malaysia is on Tier 2 of the 2024 Trafficking in Persons Report released by the United States.", "2024-12-12"},
			false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a.doc(t), tt.b.doc(t)
			v := Compare(a, b)
			if v.Same != tt.same || Compare(b, a).Same != v.Same {
				t.Fatalf("Compare = %+v, want same=%v (and symmetric)", v, tt.same)
			}
			if tt.same && (v.Evidence != tt.evidence || !shareNameKey(a, b)) {
				t.Errorf("evidence %q, want %q, and a shared name key", v.Evidence, tt.evidence)
			}
		})
	}
}
