package daemon

import "time"

// Schedule defaults; see Options.
const (
	DefaultInterval    = 15 * time.Minute
	DefaultMinInterval = 5 * time.Minute
	DefaultMaxInterval = 24 * time.Hour
)

// jitterShare is the ±share by which a failed source's retry delay is
// spread, so sources that failed together (one host down, a network blip)
// do not retry in lockstep.
const jitterShare = 0.2

// policy computes when a source is next due.
type policy struct {
	interval, min, max time.Duration
	jitter             func() float64 // uniform in [0, 1)
}

// afterSuccess is the gap after a 200 or 304. A publisher's hint
// (Cache-Control max-age, Expires, RSS ttl, sy:updatePeriod) can only slow
// polling down: it says how long the feed stays fresh, not that it should be
// polled more often than configured.
func (p policy) afterSuccess(hint time.Duration) time.Duration {
	return p.clamp(max(p.interval, hint))
}

// afterFailure is the gap after the errs-th failure in a row: min × 2^(errs-1),
// up to max, spread uniformly over ±20 % but kept inside [min, max] (so no
// pile-up on either bound); never sooner than a Retry-After, itself clamped.
func (p policy) afterFailure(errs int, retryAfter time.Duration) time.Duration {
	base := p.min
	for i := 1; i < errs && base < p.max; i++ {
		base *= 2
	}
	base = p.clamp(base)
	lo := p.clamp(time.Duration(float64(base) * (1 - jitterShare)))
	hi := p.clamp(time.Duration(float64(base) * (1 + jitterShare)))
	d := lo + time.Duration(p.jitter()*float64(hi-lo))
	if retryAfter > 0 {
		d = max(d, p.clamp(retryAfter))
	}
	return d
}

func (p policy) clamp(d time.Duration) time.Duration {
	return min(max(d, p.min), p.max)
}
