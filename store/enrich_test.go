package store

import (
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// An aggregator's item is a headline only; the outlet's own feed brings
// the same article (same canonical URL) with its lead; a wire copy under
// another headline, with a near-identical lead, then arrives. It joins the
// story only if the story is compared by the lead the second copy brought
// (the headline names no place or count that could join them on its own).
func TestRicherCopyImprovesTheStory(t *testing.T) {
	const article = "https://ledger.example/news/2026/11/26/mae-sot-brothel-raid"
	match := []tipwire.Match{{Topic: "trafficking", Terms: []string{"trafficking"}, Score: 1}}
	thin := tipwire.Item{GUID: "CBMiSWh0dHBz", Link: "https://news.google.com/rss/articles/CBMiSWh0dHBz", CanonicalURL: article,
		Title: "Police free trafficking victims from border town brothel", Outlet: "Bangkok Ledger", Matches: match}
	full := tipwire.Item{GUID: "bl-77", Link: article + "?utm_source=rss", CanonicalURL: article,
		Title:   "Police free trafficking victims from border town brothel",
		Summary: "<p>Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest human trafficking raids this year, officials said.</p>",
		Matches: match}
	wire := tipwire.Item{GUID: "ad-501", Link: "https://asiadesk.example/a-501", CanonicalURL: "https://asiadesk.example/a-501",
		Title:   "Women freed in border town brothel raid, officials say",
		Summary: "Police in Thailand rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday, in one of the largest human trafficking raids this year, officials said.",
		Matches: match}
	for _, tt := range []struct {
		name      string
		withFull  bool
		wireStats tipwire.SaveStats
	}{
		{"headline only: the wire copy is a story of its own", false, tipwire.SaveStats{New: 1, Matched: 1}},
		{"the outlet's copy brings the lead: the wire copy joins", true, tipwire.SaveStats{Merged: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, clock := newStore(t)
			ids := addSources(t, s, "https://news.google.com/rss", "https://ledger.example/rss", "https://asiadesk.example/atom")
			wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{thin}), tipwire.SaveStats{New: 1, Matched: 1})
			if tt.withFull {
				clock.advance(time.Hour)
				wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{full}), tipwire.SaveStats{Duplicate: 1})
			}
			clock.advance(time.Hour)
			wantStats(t, saveFetch(t, s, ids[2], stateOK(), []tipwire.Item{wire}), tt.wireStats)
			items := allItems(t, s)
			if tt.withFull && (len(items) != 1 || len(items[0].Outlets) != 3 || items[0].Outlets[2].Reason != tipwire.MergeNearDuplicate) {
				t.Fatalf("got %d entries (%+v), want one story of three outlets, the wire copy a near-duplicate", len(items), items)
			}
		})
	}
}

// A thinner copy than the one stored leaves the text compared as it is.
func TestThinnerCopyKeepsTheLead(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://ledger.example/rss", "https://news.google.com/rss", "https://asiadesk.example/atom")
	full, thin := wireCopy(0), wireCopy(0)
	thin.GUID, thin.Summary = "CBMi-thin", ""
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{full}), tipwire.SaveStats{New: 1, Matched: 1})
	clock.advance(time.Hour)
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{thin}), tipwire.SaveStats{Duplicate: 1})
	clock.advance(time.Hour)
	wire := wireCopy(1)
	wire.Title = "Women freed in border town brothel raid, officials say"
	wantStats(t, saveFetch(t, s, ids[2], stateOK(), []tipwire.Item{wire}), tipwire.SaveStats{Merged: 1})
}
