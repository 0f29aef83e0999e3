package fetcher

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// maxHint bounds every hint before arithmetic, so absurd values cannot
// overflow a time.Duration; the scheduler clamps far tighter anyway.
const maxHint = 366 * 24 * time.Hour

// ttlKey is where rssTranslator leaves the channel's <ttl> in Feed.Custom:
// the universal gofeed.Feed has no field for it.
const ttlKey = "tipwire:ttl"

// rssTranslator is gofeed's RSS translator plus the channel's <ttl>.
type rssTranslator struct {
	gofeed.DefaultRSSTranslator
}

// Translate translates as the default translator does and keeps <ttl>
// and the items' <source>.
func (t *rssTranslator) Translate(feed any) (*gofeed.Feed, error) {
	out, err := t.DefaultRSSTranslator.Translate(feed)
	if err != nil {
		return nil, err
	}
	if r, ok := feed.(*rss.Feed); ok {
		keepSources(r, out)
	}
	if r, ok := feed.(*rss.Feed); ok && strings.TrimSpace(r.TTL) != "" {
		if out.Custom == nil {
			out.Custom = map[string]string{}
		}
		out.Custom[ttlKey] = r.TTL
	}
	return out, nil
}

// headerHint returns the polling hint in HTTP caching headers: the freshness
// lifetime left (Cache-Control max-age less Age, else Expires measured
// against Date), or 0. Cache-Control no-cache or no-store means "do not
// reuse", not "poll constantly", so it gives no hint at all.
func headerHint(h http.Header, now time.Time) time.Duration {
	cc := strings.ToLower(strings.Join(h.Values("Cache-Control"), ","))
	maxAge, hasMaxAge := time.Duration(0), false
	for d := range strings.SplitSeq(cc, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.TrimSpace(name) {
		case "no-cache", "no-store":
			return 0
		case "max-age":
			maxAge, hasMaxAge = parseSeconds(strings.Trim(strings.TrimSpace(value), `"`)), true
		}
	}
	if hasMaxAge {
		return max(0, maxAge-parseSeconds(h.Get("Age")))
	}
	return expiresHint(h, now)
}

// expiresHint returns Expires less Date (or now), or 0 when Expires is
// absent, invalid ("0", "-1") or past.
func expiresHint(h http.Header, now time.Time) time.Duration {
	exp, err := http.ParseTime(strings.TrimSpace(h.Get("Expires")))
	if err != nil {
		return 0
	}
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	return min(max(0, exp.Sub(now)), maxHint)
}

// parseSeconds parses a non-negative number of seconds, 0 when invalid.
func parseSeconds(s string) time.Duration {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(min(n, int64(maxHint/time.Second)))*time.Second, maxHint)
}

// feedHint returns the larger of the feed's own hints: RSS <ttl> (minutes)
// and the syndication module's updatePeriod divided by updateFrequency; 0
// when it has neither.
func feedHint(feed *gofeed.Feed) time.Duration {
	var ttl time.Duration
	if v, ok := feed.Custom[ttlKey]; ok {
		ttl = min(parseSeconds(v)*60, maxHint)
	}
	return max(ttl, syHint(feed))
}

// syPeriod returns the length of an sy:updatePeriod value (a month and a
// year rounded), 0 for an unknown one.
func syPeriod(period string) time.Duration {
	switch strings.ToLower(period) {
	case "hourly":
		return time.Hour
	case "", "daily":
		return 24 * time.Hour
	case "weekly":
		return 7 * 24 * time.Hour
	case "monthly":
		return 30 * 24 * time.Hour
	case "yearly":
		return 365 * 24 * time.Hour
	}
	return 0
}

// syHint applies the syndication module's defaults (daily, once) when only
// one of its two elements is present; an unknown period gives no hint.
func syHint(feed *gofeed.Feed) time.Duration {
	sy := feed.Extensions["sy"]
	period, freq := extValue(sy, "updatePeriod"), extValue(sy, "updateFrequency")
	if period == "" && freq == "" {
		return 0
	}
	p := syPeriod(period)
	n, err := strconv.Atoi(freq)
	if err != nil || n < 1 {
		n = 1
	}
	return p / time.Duration(n)
}

func extValue(m map[string][]ext.Extension, name string) string {
	if len(m[name]) == 0 {
		return ""
	}
	return strings.TrimSpace(m[name][0].Value)
}
