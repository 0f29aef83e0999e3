// Package alerts tells people about new stories: after each fetch pass it
// queues, for every configured route a recent story satisfies, one
// delivery per channel in the store's outbox; a dispatcher of its own
// claims and delivers what is due (webhooks with an HMAC signature, email
// digests over SMTP), retries failures with backoff, and pings WebSub hubs
// when feeds changed.
//
// A story is queued at most once per channel, so it alerts once however
// many outlets report it later. Deliveries live in the database: they
// survive a restart, and a receiver that is down for an hour gets its
// alerts when it is back. A delivery is claimed (with an expiry) before it
// is sent and marked only under that claim, so dispatchers in several
// processes sharing the database send each alert once; a process killed
// after the receiver answered but before the mark leaves the alert to be
// sent again, and the delivery id (DeliveryHeader) lets receivers drop
// that repeat. Alerts carry the title, a short plain-text excerpt and the
// link, never the publisher's full text (publish.content).
package alerts

import (
	"fmt"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/text"
)

// ExcerptRunes is the length of an alert's excerpt in snippet mode.
const ExcerptRunes = 300

// Alert is one story for one route: the JSON a webhook receives.
type Alert struct {
	// DeliveryID is the idempotency key of this story on this channel:
	// the same in every attempt (see DeliveryID).
	DeliveryID string   `json:"delivery_id"`
	Route      string   `json:"route"`
	Topic      string   `json:"topic,omitempty"` // the route's topic, or the best-matching one
	Story      Story    `json:"story"`
	Outlets    []Outlet `json:"outlets"`
	Tags       []string `json:"tags"`
	Score      float64  `json:"score"`
	Why        string   `json:"why"`
}

// Story identifies the story of an alert.
type Story struct {
	ID        string    `json:"id"`  // the feed entry id (urn:uuid)
	Key       string    `json:"key"` // the store key
	Title     string    `json:"title"`
	Link      string    `json:"link"`
	Excerpt   string    `json:"excerpt"`            // plain text; ExcerptRunes at most in snippet mode
	Published time.Time `json:"published,omitzero"` // zero when the feed gave no date
	FirstSeen time.Time `json:"first_seen"`
}

// Outlet is one outlet that carried the story.
type Outlet struct {
	Name string `json:"name"`
	Link string `json:"link,omitempty"`
}

// newAlert builds the alert of story it for route r, whose match m decided
// it; full keeps the whole summary text instead of an excerpt.
func newAlert(r Route, it tipwire.Item, m tipwire.Match, full bool) Alert {
	a := Alert{
		Route: r.Name, Topic: m.Topic, Score: m.Score, Tags: it.Tags,
		Story: Story{
			ID: tipwire.ItemID(it.Key), Key: it.Key, Title: strings.TrimSpace(it.Title),
			Link: storyLink(it), Published: it.Published.UTC(), FirstSeen: it.FirstSeen.UTC(),
		},
	}
	limit := ExcerptRunes
	if full {
		limit = 1 << 20
	}
	a.Story.Excerpt = text.Excerpt(text.PlainText(it.Summary), limit)
	for _, o := range it.Outlets {
		a.Outlets = append(a.Outlets, Outlet{Name: o.Name, Link: o.Link})
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	a.Why = why(r, m)
	return a
}

func storyLink(it tipwire.Item) string {
	if it.Link != "" {
		return it.Link
	}
	for _, o := range it.Outlets {
		if o.Link != "" {
			return o.Link
		}
	}
	return ""
}

// why says in words why the route took the story.
func why(r Route, m tipwire.Match) string {
	var parts []string
	if m.Topic != "" {
		s := fmt.Sprintf("matched topic %q (score %.2f", m.Topic, m.Score)
		if len(m.Terms) > 0 {
			s += ": " + strings.Join(m.Terms, ", ")
		}
		parts = append(parts, s+")")
	}
	if len(r.Tags) > 0 {
		parts = append(parts, "tagged "+strings.Join(r.Tags, ", "))
	}
	return strings.Join(parts, "; ")
}
