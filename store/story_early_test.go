package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

// report is one outlet's report: its own link, headline and lead.
func report(n int, title, lead string) tipwire.Item {
	link := fmt.Sprintf("https://outlet%d.example/news/%d", n, 500+n)
	return tipwire.Item{
		GUID: fmt.Sprintf("report-%d", n), Link: link, CanonicalURL: link, Title: title, Summary: lead,
		Published: t0,
		Matches:   []tipwire.Match{{Topic: "trafficking", Terms: []string{"trafficking"}, Score: 1}},
	}
}

// saveOneByOne saves each report from its own source, a minute apart, as
// separate fetches deliver them.
func saveOneByOne(t *testing.T, s *Store, clock *fakeClock, items ...tipwire.Item) {
	t.Helper()
	urls := make([]string, len(items))
	for i := range items {
		urls[i] = fmt.Sprintf("https://outlet%d.example/rss", i)
	}
	ids := addSources(t, s, urls...)
	for i, it := range items {
		saveFetch(t, s, ids[i], stateOK(), []tipwire.Item{it})
		clock.advance(time.Minute)
	}
}

func TestStoryEarlyReportJoinsLaterStory(t *testing.T) {
	s, clock := newStore(t)
	// The first report names the senator, the second does not: they share
	// nothing specific, and each opens a story. The third names him and
	// tells the plot in the second's words: it is the same event as both.
	early := report(0, "Senator Chidi Okafor guilty in kidney trafficking case", "Senator Chidi Okafor and his wife Ngozi were found guilty at the Old Bailey of trafficking a 19-year-old trader from Enugu to Britain for his kidney.")
	unnamed := report(1, "UK jury convicts Nigerian politician over organ harvesting plot", "A London jury on Thursday found a former Nigerian senator and his wife guilty of plotting to harvest a market trader's organ.")
	bridge := report(2, "Chidi Okafor: politician and wife guilty of organ harvesting plot", "A Nigerian politician, Chidi Okafor, his wife and a doctor were found guilty of an organ harvesting plot after bringing a man from Enugu to the UK.")
	saveOneByOne(t, s, clock, early, unnamed, bridge)

	items := allItems(t, s)
	if len(items) != 1 || len(items[0].Outlets) != 3 {
		t.Fatalf("got %d stories (%+v), want one of three reports", len(items), items)
	}
	for _, o := range items[0].Outlets {
		if o.Link == early.Link && !strings.HasPrefix(o.Reason, tipwire.MergeSameEvent+": chidi, enugu, okafor") {
			t.Errorf("the early report's reason is %q, want the evidence it shares with the later one", o.Reason)
		}
	}
	if n := count(t, s, "stories"); n != 1 {
		t.Errorf("%d story rows, want the early report's empty one dropped", n)
	}
	earlyKey := storedKey(itemKey("url:"+early.CanonicalURL), early.Published)
	it, found, err := s.Story(context.Background(), earlyKey)
	if err != nil || !found || len(it.Outlets) != 3 {
		t.Errorf("the early report's key finds %+v (found %v, %v), want the joined story", it, found, err)
	}
}

func TestStoryEarlyReportStaysApart(t *testing.T) {
	tests := []struct {
		name  string
		items []tipwire.Item
		want  int // stories
	}{
		{"it contradicts the story it would join",
			[]tipwire.Item{
				report(0, "Police rescue 23 women from Mae Sot karaoke bar", "Police in Mae Sot rescued 23 women held in a karaoke bar on Monday, officials said."),
				report(1, "32 women freed in Mae Sot brothel raid", "Officers raided a brothel in Mae Sot on Monday and freed 32 women, police said."),
				report(2, "Mae Sot police free women in two raids", "Police in Mae Sot freed 23 women from a karaoke bar and 32 from a brothel on Monday, officials said."),
			}, 2},
		{"it is a story of several reports",
			[]tipwire.Item{
				report(0, "Senator Chidi Okafor guilty in kidney trafficking case", "Senator Chidi Okafor and his wife Ngozi were found guilty at the Old Bailey of trafficking a 19-year-old trader from Enugu to Britain for his kidney."),
				report(1, "Senator Chidi Okafor guilty in kidney trafficking case", "Senator Chidi Okafor and his wife Ngozi were found guilty at the Old Bailey of trafficking a trader from Enugu to Britain for his kidney."),
				report(2, "UK jury convicts Nigerian politician over organ harvesting plot", "A London jury on Thursday found a former Nigerian senator and his wife guilty of plotting to harvest a market trader's organ."),
				report(3, "Chidi Okafor: politician and wife guilty of organ harvesting plot", "A Nigerian politician, Chidi Okafor, his wife and a doctor were found guilty of an organ harvesting plot after bringing a man from Enugu to the UK."),
			}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clock := newStore(t)
			saveOneByOne(t, s, clock, tt.items...)
			if got := allItems(t, s); len(got) != tt.want {
				t.Errorf("%d stories, want %d: %+v", len(got), tt.want, got)
			}
		})
	}
}
