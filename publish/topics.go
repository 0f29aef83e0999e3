package publish

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
)

// topicsView is what assets/topics.html renders: every topic with its page
// and feeds, and the types that published stories carry.
type topicsView struct {
	Nav    navView
	Topics []topicLinks
	All    []feedLink
	Types  []tagView
}

// serveTopics answers /topics, the index of the topic and type pages.
func (h *handler) serveTopics(w http.ResponseWriter, r *http.Request) {
	rep, err := h.cache.get("topics", func() (*representation, error) {
		v := topicsView{Nav: h.nav("topics", "/", ""), All: feedLinks("")}
		for _, t := range h.opts.Topics {
			v.Topics = append(v.Topics, topicLinks{Name: t.Name, Title: h.topicTitle(t.Name), Page: topicPage(t.Name), Feeds: feedLinks(t.Name)})
		}
		types, err := h.typeTags(r.Context())
		if err != nil {
			return nil, err
		}
		v.Types = h.tagViews(types)
		var buf bytes.Buffer
		if err := h.pages.ExecuteTemplate(&buf, "topics.html", v); err != nil {
			return nil, fmt.Errorf("render topics: %w", err)
		}
		return newRepresentation(buf.Bytes(), "text/html; charset=utf-8", h.opts.Now()), nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep.serve(w, r)
}

// typeTags lists the type tags of published stories, most stories first.
func (h *handler) typeTags(ctx context.Context) ([]string, error) {
	if h.opts.Tags == nil {
		return nil, nil
	}
	counts, err := h.opts.Tags.TagCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("count tags: %w", err)
	}
	var out []string
	for _, c := range counts {
		if !isCountryTag(c.Tag) && isTypeTag(c.Tag) {
			out = append(out, c.Tag)
		}
	}
	return out, nil
}
