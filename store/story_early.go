package store

import (
	"fmt"
	"slices"

	"github.com/tipwire/tipwire/cluster"
)

// earlyReport is a story of one item that joins the story of a later
// report, and why.
type earlyReport struct {
	itemID     int64
	reason     string
	similarity float64
}

// earlyReports returns the candidates that are the same event as the new
// item (verdicts) but opened a story of their own, in which they are still
// alone: a report that came before every report it can be compared with
// (an undated copy, a rewrite that names what only the later reports
// name) would otherwise stay apart from its event for good. Only a lone
// report joins, never a story of several (two clusters are not one late
// arrival), and only when it contradicts none of the story's candidates
// nor the other early reports (Compare's vetoes and substitutions).
func (b *batch) earlyReports(storyID int64, cands []candidate, docs []cluster.Doc, verdicts []cluster.Verdict) ([]earlyReport, error) {
	var out []earlyReport
	var inStory, kept []cluster.Doc
	for j, o := range cands {
		if o.storyID == storyID {
			inStory = append(inStory, docs[j])
		}
	}
	for i, c := range cands {
		if !verdicts[i].Same || c.storyID == storyID || c.itemID != c.storyID ||
			contradicts(docs[i], inStory) || contradicts(docs[i], kept) {
			continue
		}
		var n int
		if err := b.st[storySize].QueryRowContext(b.ctx, c.storyID).Scan(&n); err != nil {
			return nil, fmt.Errorf("count items of story %d: %w", c.storyID, err)
		}
		if n == 1 {
			out = append(out, earlyReport{itemID: c.itemID, reason: verdicts[i].Explain(), similarity: verdicts[i].Similarity})
			kept = append(kept, docs[i])
		}
	}
	return out, nil
}

// contradicts reports whether Compare finds a conflict between d and any
// of others: another count, place or phase of a case.
func contradicts(d cluster.Doc, others []cluster.Doc) bool {
	return slices.ContainsFunc(others, func(o cluster.Doc) bool { return cluster.Compare(d, o).Conflict != "" })
}

// joinEarly moves the early reports of j into its story: each lone
// report's item, with why it joined, and its reduced text; its own story,
// now empty, is dropped (its key still finds the story, see Story).
func (b *batch) joinEarly(j join) error {
	for _, e := range j.early {
		if _, err := b.st[setStory].ExecContext(b.ctx, e.itemID, j.storyID); err != nil {
			return fmt.Errorf("move early report %d to story %s: %w", e.itemID, j.storyKey, err)
		}
		if _, err := b.st[setOutletReason].ExecContext(b.ctx, e.itemID, mergeReason(e.reason), e.similarity); err != nil {
			return fmt.Errorf("record why early report %d joined story %s: %w", e.itemID, j.storyKey, err)
		}
		if _, err := b.st[moveDoc].ExecContext(b.ctx, e.itemID, j.storyID); err != nil {
			return fmt.Errorf("move reduced text of early report %d: %w", e.itemID, err)
		}
		if _, err := b.st[dropStory].ExecContext(b.ctx, e.itemID); err != nil {
			return fmt.Errorf("drop story of early report %d: %w", e.itemID, err)
		}
		b.logger.Debug("early report joined story", "item_id", e.itemID, "story_key", j.storyKey, "reason", e.reason)
	}
	return nil
}
