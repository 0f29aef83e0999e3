package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tipwire/tipwire"
)

// Outcomes of saving one item, as Decision.Outcome.
const (
	OutcomeNew       = "new"       // a new story
	OutcomeMerged    = "merged"    // a new copy joining a stored story (near-duplicate or same title)
	OutcomeDuplicate = "duplicate" // a copy of a stored item (same GUID, canonical URL or content)
	OutcomeUpdated   = "updated"   // the publisher edited a stored item (same GUID, new text)
	OutcomePruned    = "pruned"    // an item removed by retention, still listed by a feed: ignored
	OutcomeSkipped   = "skipped"   // no link, GUID or text to store it by
)

// Decision says what saving one item did, or would do, and why.
type Decision struct {
	Outcome    string  // one of the Outcome* values
	Key        string  // the key of the story or item it joined, or its own new key
	Reason     string  // tipwire.Merge* reason for merged, duplicate and updated
	Similarity float64 // word similarity of a near-duplicate, 0 to 1
}

// errDryRun rolls back Explain's transaction.
var errDryRun = errors.New("dry run")

// Explain runs the dedup and story rules of SaveFetch (or, for sourceID 0,
// SaveItems) on items against the stored data and returns one Decision per
// item, in order, without storing anything: the transaction is rolled
// back. `tipwire check` uses it to say which stored story each item would
// join and why. Items of one batch see each other, as in SaveFetch.
func (s *Store) Explain(ctx context.Context, sourceID int64, items []tipwire.Item) ([]Decision, error) {
	var out []Decision
	ps := prepareItems(items, nil)
	err := s.write(ctx, func(tx *sql.Tx) error {
		b := s.newBatch(ctx, tx, sourceID)
		b.decisions = &out
		if sourceID != 0 {
			if err := b.st[sourceName].QueryRowContext(ctx, sourceID).Scan(&b.outlet); err != nil {
				return fmt.Errorf("read source: %w", err)
			}
		}
		if _, err := b.saveAll(ps); err != nil {
			return err
		}
		return errDryRun
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, fmt.Errorf("store: explain: %w", err)
	}
	return out, nil
}

// note records a decision when the batch collects them.
func (b *batch) note(d Decision) {
	if b.decisions != nil {
		*b.decisions = append(*b.decisions, d)
	}
}

// storyArg is the story_id of a new item: NULL opens its own story.
func storyArg(j join) any {
	if j.storyID == 0 {
		return nil
	}
	return j.storyID
}
