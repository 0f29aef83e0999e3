// Package fetcher downloads feeds politely and turns them into
// tipwire.Items: conditional GET with the stored validators, bounded time and
// size, charset repair, RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed parsing
// through gofeed (the only package importing it), and normalisation of every
// item (absolute http(s) links, plain-text titles, sanitised HTML, dates that
// fall back to the first-seen time).
//
// Every failure is an *Error with a Category that is stored with the source.
// A failed fetch never looks like an empty feed: an empty body, an HTML page
// and a document that is not a feed are errors, not zero items.
//
// Unless Options.AllowPrivateNetworks is set, connections to loopback,
// private, link-local, CGNAT, multicast and unspecified addresses are refused
// at dial time, for every redirect hop.
package fetcher

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/sanitize"
)

// Options configures a Fetcher. Zero values mean the defaults.
type Options struct {
	Timeout        time.Duration // overall per request, body included; default 30s
	ConnectTimeout time.Duration // TCP connect and TLS handshake; default 10s
	HeaderTimeout  time.Duration // until the response headers arrive; default 15s
	MaxBody        int64         // cap on the decoded body in bytes; default 8 MiB
	// UserAgent defaults to "tipwire/<version> (+https://github.com/tipwire/tipwire)".
	UserAgent string
	// AllowPrivateNetworks lifts the SSRF guard, letting sources on
	// loopback, private and link-local addresses be fetched (tests, intranets).
	AllowPrivateNetworks bool

	MaxItems     int // items kept per fetch, newest first; default 1000
	MaxRedirects int // redirects followed per request; default 5
	// IdleConnsPerHost is how many idle connections to one host are kept
	// for reuse; default 4. Set it to the per-host fetch limit: below it,
	// concurrent fetches from one host open and discard connections.
	IdleConnsPerHost int
	// MaxParses bounds concurrent parses, which are CPU and memory heavy
	// while downloads mostly wait; default GOMAXPROCS.
	MaxParses int
	// SlowBody is how long a body may take to arrive while holding its
	// Request.BodySlot; default 1s.
	SlowBody time.Duration
	// Resolver resolves host names; nil means the system resolver. The guard
	// checks the address actually dialled, whatever the resolver answered.
	Resolver *net.Resolver
	// Now is the clock for first-seen dates; default time.Now.
	Now func() time.Time
}

// Field and size limits. A republished item never needs more, and hostile
// feeds must not make one item cost megabytes downstream.
const (
	defaultMaxBody = 8 << 20
	maxTitle       = 1 << 10
	maxSummary     = 64 << 10
	maxContent     = 256 << 10
	maxAuthor      = 256
	maxCategory    = 128
	maxCategories  = 32
	maxGUID        = 2 << 10
	maxLink        = 4 << 10
	maxXMLDepth    = 512
	futureSlack    = 48 * time.Hour
)

// Fetcher fetches and parses feeds. It holds one http.Client and one
// gofeed.Parser; it is safe for concurrent use.
type Fetcher struct {
	opts      Options
	client    *http.Client
	transport *http.Transport
	parser    *gofeed.Parser
	san       *sanitize.Policy
	parses    chan struct{}
	bodies    sync.Pool // *bytes.Buffer for response bodies; see getBuffer
	log       *slog.Logger
}

// Request is one feed to fetch with the validators stored from last time.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// BodySlot, when set, bounds the fetches that hold a feed body. Fetch
	// takes a slot once a 2xx answer's headers have arrived and before it
	// reads the body (never for a 304 or an error status), so a fetch that
	// waits leaves its body unread in the connection rather than in memory.
	// A body still arriving after Options.SlowBody gives its slot back until
	// it is complete: a slow host does not hold the bound. Fetch leaves the
	// slot it holds when it returns, error or not, for the caller to free
	// once done with the items.
	BodySlot Slot
}

// Slot is one claim on a bounded resource: Acquire waits for it (or for
// ctx to end), Release frees it.
type Slot interface {
	Acquire(ctx context.Context) error
	Release()
}

// Result is what a successful fetch or parse produced.
type Result struct {
	NotModified bool // 304: nothing changed, Items is empty
	StatusCode  int  // HTTP status; 0 for Parse
	// ETag and LastModified are the validators to store: the response's, or
	// on a 304 that sent none, the ones in the request.
	ETag         string
	LastModified string
	// MovedTo is the new feed URL when the request was answered by one or
	// more permanent redirects (301, 308) before any temporary one; the
	// source's stored URL should be updated to it.
	MovedTo   string
	FeedTitle string // plain text
	FeedLink  string // the site's absolute http(s) URL, or ""
	Items     []tipwire.Item
	// NextCheckHint is how long the publisher asks clients to wait before
	// polling again, 0 when it gave no hint. It is the largest of the hints
	// present: Cache-Control max-age (less Age; ignored with no-cache or
	// no-store), else Expires (against the response's Date); RSS <ttl>;
	// sy:updatePeriod / sy:updateFrequency. A 304 carries only the header
	// hints. It is not clamped: the scheduler applies its [min, max].
	NextCheckHint time.Duration
}

// New returns a Fetcher using opts (defaults filled in) that logs to logger
// (nil discards).
func New(opts Options, logger *slog.Logger) *Fetcher {
	opts = withDefaults(opts)
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	tr := newTransport(opts)
	parser := gofeed.NewParser()
	// The default RSS translator parses every description's HTML looking for
	// an image; tipwire does not use item images. The wrapper keeps <ttl>.
	parser.RSSTranslator = &rssTranslator{gofeed.DefaultRSSTranslator{DisableContentImageScan: true}}
	return &Fetcher{
		opts:      opts,
		transport: tr,
		client: &http.Client{
			Transport:     tr,
			Timeout:       opts.Timeout,
			CheckRedirect: checkRedirect(opts.MaxRedirects),
		},
		parser: parser,
		san:    sanitize.New(),
		parses: make(chan struct{}, opts.MaxParses),
		log:    logger,
	}
}

// Close releases idle connections. The Fetcher must not be used afterwards.
func (f *Fetcher) Close() {
	f.transport.CloseIdleConnections()
}

func withDefaults(o Options) Options {
	o.Timeout = cmp.Or(o.Timeout, 30*time.Second)
	o.ConnectTimeout = cmp.Or(o.ConnectTimeout, 10*time.Second)
	o.HeaderTimeout = cmp.Or(o.HeaderTimeout, 15*time.Second)
	o.MaxBody = cmp.Or(o.MaxBody, defaultMaxBody)
	o.UserAgent = cmp.Or(o.UserAgent, defaultUserAgent())
	o.MaxItems = cmp.Or(o.MaxItems, 1000)
	o.MaxRedirects = cmp.Or(o.MaxRedirects, 5)
	o.IdleConnsPerHost = cmp.Or(o.IdleConnsPerHost, 4)
	o.MaxParses = cmp.Or(o.MaxParses, runtime.GOMAXPROCS(0))
	o.SlowBody = cmp.Or(o.SlowBody, time.Second)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func defaultUserAgent() string {
	version := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(bi.Main.Version, "v") {
		version = strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "tipwire/" + version + " (+https://github.com/tipwire/tipwire)"
}

func newTransport(o Options) *http.Transport {
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second, Resolver: o.Resolver}
	if !o.AllowPrivateNetworks {
		dialer.Control = guardControl
	}
	return &http.Transport{
		// No proxy: a proxy would make the address guard check the proxy,
		// not the feed's host.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    o.ConnectTimeout,
		ResponseHeaderTimeout:  o.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           max(100, o.IdleConnsPerHost),
		MaxIdleConnsPerHost:    o.IdleConnsPerHost,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
}
