package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/tipwire/tipwire"
)

// settingTags names the fingerprint of the tagger the stored tags were
// computed with (tags.Tagger.Fingerprint).
const settingTags = "tags_fingerprint"

// RetagStats counts what Retag did.
type RetagStats struct {
	Items   int // items examined
	Changed int // items whose set of tags changed
}

// TagsFingerprint returns the fingerprint recorded by the last Retag, or ""
// when none was recorded (a database older than tagging, or never retagged).
func (s *Store) TagsFingerprint(ctx context.Context) (string, error) {
	return s.setting(ctx, settingTags)
}

// Retag recomputes the tags of every stored item with tag, in batches of one
// write transaction each, oldest item first, and then records fp as the tags
// fingerprint. Items stored before there were tags get theirs; items tagged
// by an older gazetteer are tagged afresh. Matches are not touched: topics
// that test tags need a Rematch afterwards. If ctx ends half-way the
// fingerprint is not recorded, so the next start finishes the job.
func (s *Store) Retag(ctx context.Context, tag func(tipwire.Item) []string, fp string) (RetagStats, error) {
	var st RetagStats
	err := s.rewriteEach(ctx, func(b *batch, id int64, it tipwire.Item) error {
		stored := it.Tags
		it.Tags = nil // the tagger starts from the text, not from the old tags
		fresh := tag(it)
		st.Items++
		if sameSet(stored, fresh) {
			return nil
		}
		st.Changed++
		return b.saveTags(id, fresh, true)
	})
	if err != nil {
		return st, fmt.Errorf("store: retag items: %w", err)
	}
	return st, s.putSetting(ctx, settingTags, fp)
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
