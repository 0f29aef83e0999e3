package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/canonurl"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/store"
	"github.com/tipwire/tipwire/tags"
)

func storyEvalFlags(fs *flag.FlagSet) {
	fs.String("stories", "", "items labelled with the event they report, JSON Lines: story clustering mode")
	fs.Float64("min-unified", 0, "with --stories: exit 1 when fewer of the multi-outlet events are one story")
}

// storyLabel is one line of a story eval file: a news item and the
// real-world event (Cluster) it reports.
type storyLabel struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Summary   string  `json:"summary"`
	Link      string  `json:"link"`
	Source    string  `json:"source"`
	Published *string `json:"published"` // YYYY-MM-DD or RFC 3339; null when unknown
	Language  string  `json:"language"`
	Cluster   string  `json:"cluster"`
	// seen is when the replay delivers the item (see replayOrder).
	seen      time.Time
	published time.Time
}

// cmdEvalStories replays labelled items through the pipeline (tag, match,
// store into a temporary database) and scores the stories it built against
// the labelled events. It fails on any false merge, and when fewer
// multi-outlet events than --min-unified are one story.
func cmdEvalStories(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	set, err := compileTopics(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire eval: %v\n", err)
		return exitConfig
	}
	labels, err := readStoryLabels(fs.Lookup("stories").Value.String())
	if err != nil {
		return fail(e, err)
	}
	res, err := replayStories(ctx, cfg, set, labels)
	if err != nil {
		return fail(e, err)
	}
	res.print(e.stdout)
	minU := fs.Lookup("min-unified").Value.(flag.Getter).Get().(float64)
	if res.falseEvents > 0 || res.unifiedShare() < minU {
		return exitFail
	}
	return exitOK
}

// readStoryLabels reads a story eval file; errors name the line.
func readStoryLabels(path string) ([]storyLabel, error) {
	return readJSONLines(path, func(l *storyLabel) error {
		if l.ID == "" || l.Cluster == "" || l.Link == "" {
			return errors.New("id, link and cluster are required")
		}
		if l.Published != nil && *l.Published != "" {
			var err error
			if l.published, err = parseLabelDate(*l.Published); err != nil {
				return fmt.Errorf("published: %w", err)
			}
		}
		return nil
	})
}

func parseLabelDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Add(12 * time.Hour), nil // midday: a date says nothing of the hour
	}
	return time.Parse(time.RFC3339, s)
}

// replayOrder sorts the items as feeds would deliver them: by publication
// date, one minute apart so that first-seen times are distinct and ordered.
// A feed delivers an undated item when the outlet publishes it, around its
// event: an undated item is placed at the earliest date of its event's
// dated items, and only when none is dated at the date of the item before
// it in the file (the file lists items roughly as they appeared). Placing
// every undated item after the one before it would carry a stale date
// along a run of undated items, weeks before the event they report.
func replayOrder(ls []storyLabel) {
	eventDay := map[string]time.Time{}
	for _, l := range ls {
		if d, ok := eventDay[l.Cluster]; !l.published.IsZero() && (!ok || l.published.Before(d)) {
			eventDay[l.Cluster] = l.published
		}
	}
	var last time.Time
	for i := range ls {
		switch d, ok := eventDay[ls[i].Cluster]; {
		case !ls[i].published.IsZero():
			last = ls[i].published
			ls[i].seen = last
		case ok:
			ls[i].seen = d
		default:
			ls[i].seen = last
		}
	}
	slices.SortStableFunc(ls, func(a, b storyLabel) int { return a.seen.Compare(b.seen) })
	for i := range ls {
		ls[i].seen = ls[i].seen.Add(time.Duration(i) * time.Minute)
	}
}

// replayStories stores the items one by one, as separate fetches would,
// in a temporary database, and reads the stories back.
func replayStories(ctx context.Context, cfg Config, set *filters.Set, ls []storyLabel) (storyResult, error) {
	dir, err := os.MkdirTemp("", "tipwire-eval-")
	if err != nil {
		return storyResult{}, fmt.Errorf("temporary database: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "eval.db"), nil)
	if err != nil {
		return storyResult{}, err
	}
	defer st.Close()
	st.SetStoryWindow(time.Duration(cfg.Stories.Window))
	tagger, err := tags.New()
	if err != nil {
		return storyResult{}, err
	}
	replayOrder(ls)
	var missed []string
	for _, l := range ls {
		it := l.item()
		it.Tags = tagger.Tag(it)
		if it.Matches = set.Match(it); len(it.Matches) == 0 {
			// Every item of the file reports an event of the topic, so one the
			// topics miss is stored as matched all the same: only matched items
			// are clustered, and this mode measures clustering alone (the
			// relevance mode measures the topics).
			it.Matches = []tipwire.Match{{Topic: labelledTopic, Reason: "labelled as an event of the topic"}}
			missed = append(missed, l.ID)
		}
		if _, err := st.SaveItems(ctx, []tipwire.Item{it}); err != nil {
			return storyResult{}, fmt.Errorf("store %s: %w", l.ID, err)
		}
	}
	stories, err := readStories(ctx, st)
	if err != nil {
		return storyResult{}, err
	}
	r := scoreStories(ls, stories)
	r.unmatched = missed
	return r, nil
}

// labelledTopic is the topic of items no configured topic matched.
const labelledTopic = "labelled"

// item is the label as the fetcher would have delivered it. The outlet
// name carries the label's id: the store lists an outlet once per story,
// and two items of one outlet in one story must both be seen to be scored.
func (l storyLabel) item() tipwire.Item {
	pub := l.published
	if pub.IsZero() {
		pub = l.seen
	}
	return tipwire.Item{
		Title: l.Title, Summary: htmlEscape(l.Summary), Link: l.Link, CanonicalURL: canonurl.Canonicalize(l.Link),
		Published: pub, Updated: pub, FirstSeen: l.seen, Outlet: l.Source + " (" + l.ID + ")",
	}
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// htmlEscape makes plain text the sanitised HTML a Summary holds.
func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

// readStories returns every published story's outlets, page by page.
func readStories(ctx context.Context, st *store.Store) ([]tipwire.Item, error) {
	var out []tipwire.Item
	for {
		page, err := st.Items(ctx, tipwire.ItemQuery{Limit: store.MaxLimit, Offset: len(out)})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < store.MaxLimit {
			return out, nil
		}
	}
}

// storyResult scores the stories built against the labelled events.
type storyResult struct {
	items, events, multi int
	unmatched            []string // items no configured topic matched
	unpublished          []string // items in no story read back
	unified              int      // multi-outlet events whose items are all in one story
	split                []string // multi-outlet events in several stories, with their parts
	falseEvents          int      // events that share a story with another event
	falseMerges          []string // stories holding several events, with the merge reasons
	pairs, together      int      // same-event item pairs; of them, in one story
	wrongPairs           int      // item pairs of different events in one story
}

func (r storyResult) unifiedShare() float64 { return ratio(r.unified, r.multi) }

// member is a labelled item found in a story, with why it was merged.
type member struct {
	storyLabel
	reason string
}

// scoreStories compares the stories (found by their outlets' links) with
// the labelled events.
func scoreStories(ls []storyLabel, stories []tipwire.Item) storyResult {
	byLink := map[string]storyLabel{}
	for _, l := range ls {
		byLink[l.Link] = l
	}
	r := storyResult{items: len(ls)}
	storyOf := map[string]int{}
	falseEvent := map[string]bool{}
	for n, s := range stories {
		var ms []member
		for _, o := range s.Outlets {
			if l, ok := byLink[o.Link]; ok {
				storyOf[l.ID] = n + 1
				ms = append(ms, member{storyLabel: l, reason: reasonNote(o)})
			}
		}
		if line := mixedStory(ms); line != "" {
			r.falseMerges = append(r.falseMerges, line)
			for _, m := range ms {
				falseEvent[m.Cluster] = true
			}
		}
	}
	r.falseEvents = len(falseEvent)
	events := map[string][]storyLabel{}
	var order []string
	for _, l := range ls {
		if storyOf[l.ID] == 0 {
			r.unpublished = append(r.unpublished, l.ID)
		}
		if events[l.Cluster] == nil {
			order = append(order, l.Cluster)
		}
		events[l.Cluster] = append(events[l.Cluster], l)
	}
	r.events = len(events)
	for _, c := range order {
		r.scoreEvent(c, events[c], storyOf)
	}
	r.countPairs(ls, storyOf)
	return r
}

// mixedStory describes a story whose members report several events, or
// returns "".
func mixedStory(ms []member) string {
	if len(ms) < 2 || !slices.ContainsFunc(ms, func(m member) bool { return m.Cluster != ms[0].Cluster }) {
		return ""
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s (%s%s)", m.ID, m.Cluster, m.reason)
	}
	return strings.Join(parts, " + ")
}

// reasonNote is how an outlet's copy joined its story, for the report.
func reasonNote(o tipwire.Outlet) string {
	switch {
	case o.Reason == "":
		return ""
	case o.Similarity > 0:
		return fmt.Sprintf("; %s %.2f", o.Reason, o.Similarity)
	}
	return "; " + o.Reason
}

// scoreEvent counts a multi-outlet event as unified or split.
func (r *storyResult) scoreEvent(name string, ls []storyLabel, storyOf map[string]int) {
	if len(ls) < 2 {
		return
	}
	r.multi++
	parts := map[int][]string{}
	var keys []int
	for i, l := range ls {
		k := storyOf[l.ID]
		if k == 0 {
			k = -1 - i // unpublished: a part of its own
		}
		if parts[k] == nil {
			keys = append(keys, k)
		}
		parts[k] = append(parts[k], l.ID)
	}
	if len(keys) == 1 {
		r.unified++
		return
	}
	var b strings.Builder
	b.WriteString(name + ":")
	for _, k := range keys {
		b.WriteString(" [" + strings.Join(parts[k], " ") + "]")
	}
	r.split = append(r.split, b.String())
}

// countPairs counts item pairs: of one event, and in one story.
func (r *storyResult) countPairs(ls []storyLabel, storyOf map[string]int) {
	for i, a := range ls {
		for _, b := range ls[i+1:] {
			together := storyOf[a.ID] != 0 && storyOf[a.ID] == storyOf[b.ID]
			switch {
			case a.Cluster == b.Cluster:
				r.pairs++
				if together {
					r.together++
				}
			case together:
				r.wrongPairs++
			}
		}
	}
}

func (r storyResult) print(w io.Writer) {
	fmt.Fprintf(w, "stories: %d items, %d events (%d with several items); %d items matched no topic (stored all the same)\n",
		r.items, r.events, r.multi, len(r.unmatched))
	fmt.Fprintf(w, "  events unified %d/%d (%.1f %%), split %d, falsely merged %d\n",
		r.unified, r.multi, 100*r.unifiedShare(), len(r.split), r.falseEvents)
	fmt.Fprintf(w, "  pairs: same event in one story %d/%d (recall %.3f); different events in one story %d (precision %.3f)\n",
		r.together, r.pairs, ratio(r.together, r.pairs), r.wrongPairs, ratio(r.together, r.together+r.wrongPairs))
	printList(w, "false merges (stories holding several events)", r.falseMerges)
	printList(w, "split events (one [story] per part)", r.split)
	if len(r.unmatched) > 0 {
		fmt.Fprintf(w, "  matched no topic: %s\n", strings.Join(r.unmatched, " "))
	}
	if len(r.unpublished) > 0 {
		printList(w, "items in no story", r.unpublished)
	}
}
