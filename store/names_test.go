package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// Reports of one event in two languages share names, not words: the second
// is found by the name keys kept in story_keys alone, compared, and joins
// the first one's story, but only when both match a topic.
func TestSameEventFoundByNameKeys(t *testing.T) {
	published := time.Date(2022, 12, 30, 9, 0, 0, 0, time.UTC)
	match := []tipwire.Match{{Topic: "trafficking", Terms: []string{"trafficking"}, Score: 1}}
	english := tipwire.Item{GUID: "en-1", Link: "https://news.example/en-1", CanonicalURL: "https://news.example/en-1",
		Title:     "Andrew Tate detained in Romania on suspicion of human trafficking and rape",
		Summary:   "Andrew Tate has reportedly been detained in Romania as part of a human trafficking and rape investigation, seen being led away from a villa in Voluntari by police.",
		Published: published}
	french := tipwire.Item{GUID: "fr-1", Link: "https://journal.example/fr-1", CanonicalURL: "https://journal.example/fr-1",
		Title:     "Andrew Tate, l'influenceur, arrêté en Roumanie pour trafic d'êtres humains",
		Summary:   "L'ancien champion de kickboxing Andrew Tate a été arrêté à Voluntari avec son frère en Roumanie ce jeudi 29 décembre dans le cadre d'une enquête sur la traite des êtres humains.",
		Published: published}
	en := storyDoc(english.Title, english.Summary, "", published).sig
	fr := storyDoc(french.Title, french.Summary, "", published).sig
	if shared := slices.ContainsFunc(append(slices.Clone(en.Bands), en.Title), func(k int64) bool {
		return slices.Contains(fr.Bands, k) || k == fr.Title
	}); shared || !slices.ContainsFunc(en.Names, func(k int64) bool { return slices.Contains(fr.Names, k) }) {
		t.Fatalf("the reports must share name keys and no band or title key: bands/title shared %v", shared)
	}
	for _, tt := range []struct {
		name           string
		firstMatches   bool
		wantSecond     tipwire.SaveStats
		wantStories    int
		wantStoryKeyed bool // whether the first report's keys are kept
	}{
		{"both match: one story", true, tipwire.SaveStats{Merged: 1}, 1, true},
		{"the first matches nothing: it is not clustered", false, tipwire.SaveStats{New: 1, Matched: 1}, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, clock := newStore(t)
			ids := addSources(t, s, "https://news.example/rss", "https://journal.example/rss")
			first, second := english, french
			first.Matches, second.Matches = nil, match
			want := tipwire.SaveStats{New: 1}
			if tt.firstMatches {
				first.Matches = match
				want.Matched = 1
			}
			wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{first}), want)
			if got := count(t, s, "story_keys") > 0; got != tt.wantStoryKeyed {
				t.Errorf("first report has candidate keys: %v, want %v", got, tt.wantStoryKeyed)
			}
			clock.advance(time.Hour)
			wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{second}), tt.wantSecond)
			items := allItems(t, s)
			if len(items) != tt.wantStories {
				t.Fatalf("got %d stories (%+v), want %d", len(items), items, tt.wantStories)
			}
			if !tt.firstMatches {
				return
			}
			outlets := items[0].Outlets
			if len(outlets) != 2 || !strings.HasPrefix(outlets[1].Reason, tipwire.MergeSameEvent) {
				t.Errorf("outlets = %+v, want the French report merged as the same event", outlets)
			}
		})
	}
}
