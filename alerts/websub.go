package alerts

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/tipwire/tipwire"
)

// Ping tells every hub that the feeds carrying the new stories changed
// (WebSub §7: POST hub.mode=publish, hub.url=...): the curated feeds, the
// feeds of the topics the stories matched and of the countries they are
// about. Failures are logged; a hub that missed a ping still polls.
func (n *Notifier) Ping(ctx context.Context, fresh []tipwire.Item) {
	if len(n.opts.Hubs) == 0 {
		return
	}
	urls := FeedURLs(n.opts.BaseURL, fresh)
	for _, hub := range n.opts.Hubs {
		if err := ping(ctx, n.opts.Client, hub, urls); err != nil {
			n.log.Warn("websub ping failed", "hub", hub, "error", err)
		}
	}
}

// FeedURLs lists the feeds that show stories: the curated feed and the
// feeds of their topics and country tags, in every format.
func FeedURLs(base string, stories []tipwire.Item) []string {
	base = strings.TrimRight(base, "/")
	paths := []string{"/feed"}
	for _, it := range stories {
		for _, m := range it.Matches {
			paths = append(paths, "/topics/"+url.PathEscape(m.Topic))
		}
		for _, t := range it.Tags {
			if len(t) == 2 && strings.ToUpper(t) == t {
				paths = append(paths, "/countries/"+t)
			}
		}
	}
	slices.Sort(paths[1:])
	paths = slices.Compact(paths)
	var out []string
	for _, p := range paths {
		for _, ext := range []string{".atom", ".rss", ".json"} {
			out = append(out, base+p+ext)
		}
	}
	return out
}

// ping sends one publish notification naming every changed feed.
func ping(ctx context.Context, client *http.Client, hub string, feeds []string) error {
	form := url.Values{"hub.mode": {"publish"}}
	for _, f := range feeds {
		form.Add("hub.url", f)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("hub answered %s", resp.Status)
	}
	return nil
}

// queuePing hands new stories to the pinger.
func (n *Notifier) queuePing(fresh []tipwire.Item) {
	if len(n.opts.Hubs) == 0 {
		return
	}
	n.pingMu.Lock()
	n.toPing = append(n.toPing, fresh...)
	n.pingMu.Unlock()
	select {
	case n.pingWake <- struct{}{}:
	default:
	}
}

// pingLoop pings the hubs whenever new stories were queued, until ctx ends.
func (n *Notifier) pingLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.pingWake:
			n.pingPending(ctx)
		}
	}
}

// pingPending pings the hubs about the stories queued so far.
func (n *Notifier) pingPending(ctx context.Context) {
	n.pingMu.Lock()
	fresh := n.toPing
	n.toPing = nil
	n.pingMu.Unlock()
	if len(fresh) > 0 {
		n.Ping(ctx, fresh)
	}
}
