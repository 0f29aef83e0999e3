package alerts

import (
	"slices"
	"time"

	"github.com/tipwire/tipwire"
)

// Route sends the stories of a topic, or those carrying tags, to a channel.
type Route struct {
	Name    string   // for the log and the payload
	Channel string   // a key of Options.Channels
	Topic   string   // only stories that matched this topic; "" means any topic
	Tags    []string // only stories carrying every one of these tags
	// MinScore is the least relevance score: of the topic's match, or of
	// the story's best match when Topic is "".
	MinScore float64
	// Next gives the next digest time after a moment (a cron schedule);
	// nil sends each story immediately.
	Next func(time.Time) time.Time
}

// accept returns the match that lets the route take it, if any.
func (r Route) accept(it tipwire.Item) (tipwire.Match, bool) {
	for _, t := range r.Tags {
		if !slices.Contains(it.Tags, t) {
			return tipwire.Match{}, false
		}
	}
	var best tipwire.Match
	found := false
	for _, m := range it.Matches {
		if (r.Topic == "" || m.Topic == r.Topic) && (!found || m.Score > best.Score) {
			best, found = m, true
		}
	}
	return best, found && best.Score >= r.MinScore
}

// due is when a story queued at now is to be sent.
func (r Route) due(now time.Time) time.Time {
	if r.Next == nil {
		return now
	}
	return r.Next(now)
}
