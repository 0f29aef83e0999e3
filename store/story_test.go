package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// wireCopy is outlet n's copy of one wire story: its own URL and headline,
// the agency's lead lightly edited.
func wireCopy(n int) tipwire.Item {
	titles := []string{
		"Thai police free 23 trafficking victims from Mae Sot brothel",
		"23 women rescued in Mae Sot human trafficking raid",
		"Mae Sot Raid: Police Rescue 23 Trafficking Victims",
		"Police rescue 23 women in Thai border town brothel raid",
	}
	leads := []string{
		"<p>Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday in one of the largest <b>human trafficking</b> raids this year, officials said.</p>",
		"<p>Police in Thailand rescued 23 women, including six minors, from a brothel in the border town of Mae Sot on Tuesday, in one of the largest human trafficking raids this year, officials said.</p>",
		"Thai police rescued 23 women including six minors from a brothel in the border town of Mae Sot in one of the largest human trafficking raids this year, officials said on Wednesday.",
		"Thai police rescued 23 women, including six minors, from a brothel in the border town of Mae Sot, one of the largest human trafficking raids this year, officials said.",
	}
	link := fmt.Sprintf("https://outlet%d.example/news/%d/mae-sot", n, 1000+n)
	return tipwire.Item{
		GUID: fmt.Sprintf("wire-%d", n), Link: link, CanonicalURL: link,
		Title: titles[n], Summary: leads[n],
		Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: 1 + float64(n)/10}},
	}
}

func TestStoryThreeOutletsOneStory(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss", "https://outlet2.example/rss")
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)}), tipwire.SaveStats{New: 1, Matched: 1})
	clock.advance(30 * time.Minute)
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)}), tipwire.SaveStats{Merged: 1})
	clock.advance(5 * time.Hour)
	wantStats(t, saveFetch(t, s, ids[2], stateOK(), []tipwire.Item{wireCopy(2)}), tipwire.SaveStats{Merged: 1})

	items := allItems(t, s)
	if len(items) != 1 {
		t.Fatalf("got %d entries, want one story: %+v", len(items), items)
	}
	it := items[0]
	if it.Title != wireCopy(0).Title || it.Key != storedKey(itemKey("url:"+wireCopy(0).CanonicalURL), wireCopy(0).Published) || !it.FirstSeen.Equal(t0) {
		t.Errorf("story = %q key %s first seen %v, want the first copy's", it.Title, it.Key, it.FirstSeen)
	}
	if len(it.Outlets) != 3 {
		t.Fatalf("outlets = %+v, want all three", it.Outlets)
	}
	for i, o := range it.Outlets {
		if o.SourceID != ids[i] || o.Link != wireCopy(i).Link {
			t.Errorf("outlet %d = %+v, want source %d with its own link", i, o, ids[i])
		}
		wantReason := tipwire.MergeNearDuplicate
		if i == 0 {
			wantReason = ""
		}
		if o.Reason != wantReason || (i > 0 && (o.Similarity < 0.5 || o.Similarity > 1)) {
			t.Errorf("outlet %d reason %q similarity %.2f, want %q", i, o.Reason, o.Similarity, wantReason)
		}
	}
	if len(it.Matches) != 1 || it.Matches[0].Score != 1.2 {
		t.Errorf("matches = %+v, want one topic with the best score of the three", it.Matches)
	}
}

// A stored reduced text of another reduction (package cluster changed) is
// reduced again from the item's text, so a new copy still joins its story.
// After an upgrade, which drops the reduced texts and keys (migration
// 0014), the re-match it asks for keeps them again for the matched items.
func TestStoryWithoutStoredDoc(t *testing.T) {
	for name, damage := range map[string]string{
		"intact":        "", // a plain restart
		"other version": `UPDATE story_docs SET doc = 'd0' || substr(doc, 3)`,
		"upgrade":       `DELETE FROM story_docs; DELETE FROM story_keys`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tipwire.db")
			old, _ := openAt(t, path)
			ids := addSources(t, old, "https://outlet0.example/rss", "https://outlet1.example/rss")
			saveFetch(t, old, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
			if n := count(t, old, "story_docs"); n != 1 {
				t.Fatalf("story_docs has %d rows after one new item, want 1", n)
			}
			if _, err := old.w.Exec(damage); damage != "" && err != nil {
				t.Fatal(err)
			}
			s, clock := openAt(t, path)
			if name == "upgrade" {
				rematch(t, s, "trafficking")
			}
			clock.advance(time.Hour)
			wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)}), tipwire.SaveStats{Merged: 1})
		})
	}
}

// rematch re-matches every stored item to topic, whatever its text.
func rematch(t testing.TB, s *Store, topic string) RematchStats {
	t.Helper()
	st, err := s.Rematch(context.Background(), func(tipwire.Item) []tipwire.Match {
		if topic == "" {
			return nil
		}
		return []tipwire.Match{{Topic: topic}}
	}, "fp-"+topic)
	if err != nil {
		t.Fatalf("Rematch: %v", err)
	}
	return st
}

func TestStoryTemplateHeadlinesStayApart(t *testing.T) {
	s, _ := newStore(t)
	ids := addSources(t, s, "https://a.example/rss", "https://b.example/rss")
	lead := "Police in %s arrested a 34-year-old man on Monday on suspicion of trafficking women to work in karaoke bars, a spokesman said."
	mk := func(city string) tipwire.Item {
		link := "https://news.example/" + city
		return tipwire.Item{Link: link, CanonicalURL: link, GUID: city,
			Title:   "Police arrest man in " + city + " on human trafficking charges",
			Summary: fmt.Sprintf(lead, city),
			Matches: []tipwire.Match{{Topic: "trafficking"}}}
	}
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{mk("Bangkok")})
	stats := saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{mk("Manila")})
	wantStats(t, stats, tipwire.SaveStats{New: 1, Matched: 1})
	if items := allItems(t, s); len(items) != 2 {
		t.Errorf("got %d entries, want two stories", len(items))
	}
}

func TestStoryGrowsAndKeepsItsID(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss", "https://outlet3.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	before := allItems(t, s)
	clock.advance(48 * time.Hour)
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)})
	// Within the window of the second copy, though not of the first.
	clock.advance(48 * time.Hour)
	wantStats(t, saveFetch(t, s, ids[2], stateOK(), []tipwire.Item{wireCopy(3)}), tipwire.SaveStats{Merged: 1})
	after := allItems(t, s)
	if len(after) != 1 || after[0].Key != before[0].Key || !after[0].FirstSeen.Equal(before[0].FirstSeen) {
		t.Fatalf("story changed identity: before %s, after %+v", before[0].Key, after)
	}
	if len(after[0].Outlets) != 3 {
		t.Errorf("outlets = %d, want 3", len(after[0].Outlets))
	}
}

func TestStoryWindow(t *testing.T) {
	s, clock := newStore(t)
	s.SetStoryWindow(time.Hour)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	clock.advance(2 * time.Hour)
	wantStats(t, saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)}), tipwire.SaveStats{New: 1, Matched: 1})
}

// TestStoryUpdateIsNotNew checks that a publisher's edit (same GUID, new
// title) changes the entry in place: no new story, the same id, the new
// title, and a later updated time.
func TestStoryUpdateIsNotNew(t *testing.T) {
	s, clock := newStore(t)
	ids := addSources(t, s, "https://outlet0.example/rss", "https://outlet1.example/rss")
	saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{wireCopy(0)})
	saveFetch(t, s, ids[1], stateOK(), []tipwire.Item{wireCopy(1)})
	first := allItems(t, s)[0]
	clock.advance(time.Hour)
	edited := wireCopy(0)
	edited.Title = "Thai police free 25 trafficking victims from Mae Sot brothel"
	wantStats(t, saveFetch(t, s, ids[0], stateOK(), []tipwire.Item{edited}), tipwire.SaveStats{Updated: 1})
	items := allItems(t, s)
	if len(items) != 1 || items[0].Key != first.Key || items[0].Title != edited.Title {
		t.Fatalf("after the edit: %+v, want one story %s titled %q", items, first.Key, edited.Title)
	}
	if !items[0].Updated.After(first.Updated) || len(items[0].Outlets) != 2 {
		t.Errorf("updated %v (was %v), outlets %d: want a later time and both outlets", items[0].Updated, first.Updated, len(items[0].Outlets))
	}
}
