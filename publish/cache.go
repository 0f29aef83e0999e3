package publish

import (
	"sync"
	"sync/atomic"
	"time"
)

// maxCacheEntries bounds the render cache: searches and page numbers come
// from the query string, so a client could otherwise grow it without end.
// When it is full it starts over, which costs renders, never correctness.
const maxCacheEntries = 512

// renderCache keeps every rendered feed and page, keyed by what selects it
// (route, topic, format, search, page), until the stored content changes: a
// generation counter, bumped by invalidate, makes every older entry stale.
// Entries also expire after a TTL, for writes this process did not see.
type renderCache struct {
	disabled bool
	ttl      time.Duration
	now      func() time.Time
	gen      atomic.Uint64

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	gen     uint64
	expires time.Time
	rep     *representation
}

func newRenderCache(o Options) *renderCache {
	return &renderCache{disabled: !o.Cache, ttl: o.CacheTTL, now: o.Now, entries: make(map[string]cacheEntry)}
}

func (c *renderCache) invalidate() { c.gen.Add(1) }

// get returns the representation cached under key, or renders, compresses
// and caches a new one when there is none from the current generation.
// Requests that miss at the same time each render; the last one stored wins,
// and all of them are correct.
func (c *renderCache) get(key string, render func() (*representation, error)) (*representation, error) {
	if c.disabled {
		return render()
	}
	// The generation is read before rendering: an invalidate during the
	// render leaves this entry stale, so the next request renders again.
	gen, now := c.gen.Load(), c.now()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen && now.Before(e.expires) {
		return e.rep, nil
	}
	rep, err := render()
	if err != nil {
		return nil, err
	}
	rep = rep.compressed()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCacheEntries {
		clear(c.entries)
	}
	c.entries[key] = cacheEntry{gen: gen, expires: now.Add(c.ttl), rep: rep}
	return rep, nil
}
