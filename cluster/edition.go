package cluster

import (
	"slices"
	"strings"
)

// The field's annual reports (the US Trafficking in Persons Report, the
// UNODC Global Report, the Global Slavery Index) are released once a year,
// and the release is an event every outlet reports in its own words: the
// US angle, a country's new tier, a Thai summary. Their names are common
// words ("trafficking", "persons", "report") and their grades ("Tier 2")
// recur every year, so neither tells one report of the release from
// another year's. The report's name together with the year both reports
// mention does: that is the edition, and within MaxDays of each other two
// reports of one edition report its release (the announcement before it
// is another phase, see phaseWords).

// editionWeight is what one edition both reports name adds to the
// same-event score: enough alone, as a specific name and a count are.
const editionWeight = minEvidence

// reportMark starts the names that stand for an annual report. A name
// read from text never contains the colon, so none can collide with it.
const reportMark = "report:"

// annualReports are the names each annual report is written under, in the
// languages of the outlets that report it most, as phrases: lower-case
// words match any case and accents; a word in capitals matches only
// capitals (the acronym "TIP", not the word "tip").
var annualReports = map[string][]string{
	"tip-report": {"trafficking in persons report", "trafficking in persons TIP", "TIP report",
		"informe sobre la trata de personas", "informe sobre trata de personas", "informe TIP",
		"rapport sur la traite des personnes", "rapport TIP",
		"relatório sobre tráfico de pessoas", "relatório sobre o tráfico de pessoas", "relatório TIP",
		"laporan perdagangan orang", "laporan TIP"},
	"global-report": {"global report on trafficking in persons", "GLOTIP",
		"informe mundial sobre la trata de personas", "rapport mondial sur la traite des personnes"},
	"global-slavery-index": {"global slavery index", "índice global de esclavitud", "indice mondial de l'esclavage"},
}

// reportsNamed returns the marks of the annual reports the words name.
func reportsNamed(ws []word) []string {
	var out []string
	for id, names := range annualReports {
		if slices.ContainsFunc(names, func(n string) bool { return namesReport(ws, n) }) {
			out = append(out, reportMark+id)
		}
	}
	return out
}

// namesReport reports whether the words contain the report name phrase.
func namesReport(ws []word, phrase string) bool {
	parts := strings.Fields(phrase)
	for i := 0; i+len(parts) <= len(ws); i++ {
		if matchesAt(ws[i:], parts) {
			return true
		}
	}
	return false
}

// matchesAt reports whether ws starts with the words parts, each in any
// case and with or without accents unless written in capitals.
func matchesAt(ws []word, parts []string) bool {
	for j, p := range parts {
		if w := ws[j].text; p == strings.ToUpper(p) && w != p || fold(w) != fold(p) {
			return false
		}
	}
	return true
}

// isReportMark says a name stands for an annual report, not a name read
// from the text: it is evidence only with a year (sharedEdition).
func isReportMark(n string) bool { return strings.HasPrefix(n, reportMark) }

// sharedEdition returns the edition ("tip-report 2024") of an annual report both
// a and b name, with a year both mention, or "".
func sharedEdition(a, b Doc) string {
	for _, r := range a.ev.names {
		if !isReportMark(r) || !has(b.ev.names, r) || a.ev.frequent[r] {
			continue
		}
		for _, n := range a.ev.numbers {
			if isYear(n) && has(b.ev.numbers, n) {
				return strings.TrimPrefix(r, reportMark) + " " + n
			}
		}
	}
	return ""
}
