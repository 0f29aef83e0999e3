package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/cluster"
)

// DefaultStoryWindow is how far back a new item looks for a story to join
// when SetStoryWindow was not called.
const DefaultStoryWindow = 72 * time.Hour

// maxCandidates bounds the stored items a new item is compared with, so
// the cost of saving an item does not grow with the database or with a
// busy news day.
const maxCandidates = 8

// leadBytes bounds the summary text read for comparison: the package
// cluster looks at the first words only, so kilobytes of body are waste.
const leadBytes = 1024

// storyWindow holds the window; atomic so it can be set while reads run.
type storyWindow struct{ d atomic.Int64 }

func (w *storyWindow) get() time.Duration {
	if d := time.Duration(w.d.Load()); d > 0 {
		return d
	}
	return DefaultStoryWindow
}

// SetStoryWindow sets how far back (by first-seen time) a new item looks
// for near-duplicates to join their story; zero or less means
// DefaultStoryWindow. Call it before saving.
func (s *Store) SetStoryWindow(d time.Duration) { s.window.d.Store(int64(d)) }

// join is the story a new item joins; storyID 0 means it opens its own.
type join struct {
	storyID    int64
	storyKey   string
	reason     string
	similarity float64
}

// storyDoc is the comparable text of an item: its title and lead.
func storyDoc(title, summary, content string) cluster.Doc {
	lead := summary
	if lead == "" {
		lead = content
	}
	if len(lead) > leadBytes {
		lead = lead[:leadBytes]
	}
	return cluster.NewDoc(title, tipwire.PlainText(lead))
}

// findStory looks for a story the new item belongs to among the items
// first seen within the window that share a candidate key with it, and
// returns the most similar one that cluster.Compare accepts.
func (b *batch) findStory(p *pending, seen time.Time) (join, error) {
	if len(p.keys) == 0 {
		return join{}, nil
	}
	cands, err := b.candidates(p.keys, seen.Add(-b.window))
	if err != nil || len(cands) == 0 {
		return join{}, err
	}
	mine, err := cluster.DecodeDoc(p.encoded)
	if err != nil {
		return join{}, fmt.Errorf("decode own reduced text: %w", err)
	}
	var best join
	for _, c := range cands {
		doc, err := b.candidateDoc(c)
		if err != nil {
			return join{}, err
		}
		v := cluster.Compare(mine, doc)
		if v.Same && (best.storyID == 0 || v.Similarity > best.similarity) {
			best = join{storyID: c.storyID, reason: v.Reason, similarity: v.Similarity}
		}
	}
	if best.storyID == 0 {
		return best, nil
	}
	if err := b.st[storyKey].QueryRowContext(b.ctx, best.storyID).Scan(&best.storyKey); err != nil {
		return join{}, fmt.Errorf("read key of story %d: %w", best.storyID, err)
	}
	return best, nil
}

// candidate is a stored item a new one may join, with its story and its
// stored reduced text ("" when it has none).
type candidate struct {
	itemID, storyID int64
	doc             string
}

// candidateDoc decodes the candidate's stored Doc, or reduces its text
// when it has none (saved before migration 0008) or one of an older
// reduction.
func (b *batch) candidateDoc(c candidate) (cluster.Doc, error) {
	if doc, err := cluster.DecodeDoc(c.doc); err == nil {
		return doc, nil
	}
	var title, summary, content string
	err := b.st[candidateText].QueryRowContext(b.ctx, c.itemID).Scan(&title, &summary, &content)
	if err != nil {
		return cluster.Doc{}, fmt.Errorf("read candidate %d: %w", c.itemID, err)
	}
	return storyDoc(title, summary, content), nil
}

func (b *batch) candidates(keys []int64, since time.Time) ([]candidate, error) {
	args := make([]any, cluster.NumBands+3)
	for i := range cluster.NumBands + 1 {
		if i < len(keys) {
			args[i] = keys[i]
		}
	}
	args[cluster.NumBands+1], args[cluster.NumBands+2] = encTimeNotNull(since), maxCandidates
	rows, err := b.st[storyCandidates].QueryContext(b.ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("query story candidates: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var (
			c       candidate
			storyID sql.NullInt64
			doc     sql.NullString
		)
		if err := rows.Scan(&c.itemID, &storyID, &doc); err != nil {
			return nil, fmt.Errorf("scan story candidate: %w", err)
		}
		if !storyID.Valid {
			continue // a band row outliving its item (pruned): harmless
		}
		c.storyID, c.doc = storyID.Int64, doc.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// encBands is the JSON list json_each reads, or "" for no keys.
func encBands(keys []int64) string {
	if len(keys) == 0 {
		return ""
	}
	b, err := json.Marshal(keys)
	if err != nil {
		return "" // cannot happen for []int64; no keys just means no candidates
	}
	return string(b)
}

// placeStory records the new item id in its story: it opens one (story id
// = item id, story key = item key) or moves the joined story's last_seen;
// then it indexes the item's candidate keys and keeps its reduced text for
// the items that will compare with it.
func (b *batch) placeStory(id int64, key string, j join, published time.Time, seen time.Time, p *pending) error {
	var err error
	if j.storyID == 0 {
		_, err = b.st[insertStory].ExecContext(b.ctx, id, key, encTimeNotNull(seen), encTime(published))
	} else {
		_, err = b.st[touchStory].ExecContext(b.ctx, j.storyID, encTimeNotNull(seen))
	}
	if err != nil {
		return fmt.Errorf("record story of item %s: %w", key, err)
	}
	if p.bands == "" {
		return nil
	}
	if _, err := b.st[insertBands].ExecContext(b.ctx, p.bands, encTimeNotNull(seen), id); err != nil {
		return fmt.Errorf("index item %s for stories: %w", key, err)
	}
	storyID := j.storyID
	if storyID == 0 {
		storyID = id // the item opens its story
	}
	if _, err := b.st[insertDoc].ExecContext(b.ctx, id, encTimeNotNull(seen), storyID, p.encoded); err != nil {
		return fmt.Errorf("keep reduced text of item %s: %w", key, err)
	}
	return nil
}

// mergeReason maps a cluster reason to the published one.
func mergeReason(r string) string {
	switch r {
	case cluster.ReasonSameTitle:
		return tipwire.MergeSameTitle
	case cluster.ReasonNearDuplicate:
		return tipwire.MergeNearDuplicate
	}
	return r
}

// perBand bounds the rows read per candidate key: a key shared by a flood
// of look-alike items (a template, a busy day) costs no more than a rare one.
const perBand = 8

// candidatesSQL reads, for each of up to cluster.NumBands+1 keys (?1...,
// NULL for none), the newest perBand items of the window (seen >= ?W) that
// have it, and returns the items sharing the most keys, then the newest,
// up to ?L, each with its story (NULL when the item is gone) and its stored
// Doc (NULL when none). Each
// branch is one range of the primary key (band, seen).
func candidatesSQL() string {
	n := cluster.NumBands + 1
	var b strings.Builder
	b.WriteString("SELECT c.item_id, coalesce(d.story_id, (SELECT story_id FROM items WHERE id = c.item_id)), d.doc" +
		" FROM (SELECT item_id, count(*) AS shared, max(seen) AS newest FROM (")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, "SELECT * FROM (SELECT item_id, seen FROM story_bands WHERE band = ?%d AND seen >= ?%d ORDER BY seen DESC LIMIT %d)",
			i, n+1, perBand)
	}
	fmt.Fprintf(&b, ") GROUP BY item_id ORDER BY shared DESC, newest DESC LIMIT ?%d) c", n+2)
	// The story comes with the stored text; only an item saved before
	// there were stored texts (migration 0008) costs a lookup in items.
	b.WriteString(` LEFT JOIN story_docs d ON d.item_id = c.item_id ORDER BY c.shared DESC, c.newest DESC`)
	return b.String()
}
