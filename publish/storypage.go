package publish

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/tipwire/tipwire"
)

// StoryReader reads one published story by the key of any of its items;
// found is false when there is none. *store.Store satisfies it.
type StoryReader interface {
	Story(ctx context.Context, key string) (it tipwire.Item, found bool, err error)
}

// storyExcerptRunes bounds the plain-text summary on a story page.
const storyExcerptRunes = 800

// storyView is what assets/story.html renders: the permalink page of one
// story.
type storyView struct {
	Nav navView
	datesView
	Headline, Link, Excerpt string
	Canonical               string // the page's absolute URL under Options.BaseURL
	Score                   float64
	Tags                    []tagView
	Outlets                 []storyOutlet
	Matches                 []matchView
}

type storyOutlet struct {
	outletView
	SeenAt time.Time
}

// serveStory answers /stories/{key}: a story's headline, every outlet with
// its link and when it was seen, why it matched, why copies were merged and
// its tags. A member item's key redirects to the story's own key, so every
// entry id ever published keeps working as a permalink.
func (h *handler) serveStory(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if h.opts.Stories == nil || !isStoreKey(key) {
		http.NotFound(w, r)
		return
	}
	it, found, err := h.opts.Stories.Story(r.Context(), key)
	switch {
	case err != nil:
		h.fail(w, r, fmt.Errorf("read story: %w", err))
		return
	case !found:
		http.NotFound(w, r)
		return
	case it.Key != key:
		http.Redirect(w, r, storyPath(it.Key), http.StatusMovedPermanently)
		return
	}
	// One indexed read and a small page: rendered per request, so it is
	// never staler than the store; the ETag still answers 304.
	var buf bytes.Buffer
	if err := h.pages.ExecuteTemplate(&buf, "story.html", h.newStoryView(&it)); err != nil {
		h.fail(w, r, fmt.Errorf("render story: %w", err))
		return
	}
	newRepresentation(buf.Bytes(), "text/html; charset=utf-8", h.lastModified([]tipwire.Item{it})).serve(w, r)
}

func (h *handler) newStoryView(it *tipwire.Item) storyView {
	idx := h.newIndexItem(it)
	v := storyView{
		Nav:       h.nav("", "/", ""),
		datesView: idx.datesView,
		Headline:  idx.Title, Link: idx.Link,
		Excerpt:   plainExcerpt(it.Summary, storyExcerptRunes),
		Canonical: h.opts.BaseURL + storyPath(it.Key),
		Score:     idx.Score, Tags: idx.Tags, Matches: idx.Matches,
	}
	for i, o := range it.Outlets {
		v.Outlets = append(v.Outlets, storyOutlet{outletView: idx.Outlets[i], SeenAt: o.SeenAt.UTC()})
	}
	return v
}

// isStoreKey accepts what the store assigns as keys: 32 lowercase hex
// digits; anything else is a 404 without asking the store.
func isStoreKey(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
