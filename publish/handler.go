package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tipwire/tipwire"
)

// Defaults for the zero fields of Options.
const (
	DefaultBaseURL     = "http://127.0.0.1:8080"
	DefaultTitle       = "tipwire: human trafficking news"
	DefaultDescription = "News about human trafficking from many outlets: each story once, " +
		"with every outlet that carried it and a link to why it matched."
	DefaultLimit    = 100
	DefaultPageSize = 30
	DefaultCacheTTL = time.Minute
)

// readyTimeout bounds a readiness probe so /readyz answers even when the
// store hangs.
const readyTimeout = 3 * time.Second

// ItemLister is what publish needs from the store; *store.Store satisfies it.
type ItemLister interface {
	Items(ctx context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error)
}

// Options configures NewHandler and FeedMetaFor. Zero fields take defaults.
type Options struct {
	BaseURL     string                      // public URL of the server, for self links and feed ids; default DefaultBaseURL
	Title       string                      // title of the curated feed; default DefaultTitle
	Description string                      // description of the curated feed; default DefaultDescription
	Topics      []tipwire.Topic             // known topics (Name, Title); any other topic name is a 404
	Limit       int                         // entries per feed; default DefaultLimit
	PageSize    int                         // items per HTML page; default DefaultPageSize
	Ready       func(context.Context) error // readiness for /readyz (e.g. a store ping); nil means always ready
	Now         func() time.Time            // clock; nil means time.Now

	Counts     MatchCounter    // data of the per-topic chart; nil shows no chart
	Sources    SourceAdder     // store of POST /sources; nil answers 501
	AdminToken string          // token that state-changing requests must carry; "" disables them
	Metrics    http.Handler    // served at /metrics; nil means 404
	Observer   RequestObserver // told about every request; nil means nobody

	// SourceList feeds GET /sources (source health) and /sources.opml; nil
	// answers 404.
	SourceList SourceLister
	// Stories feeds the story pages, /stories/{key}; nil answers 404.
	Stories StoryReader

	// Cache renders every feed and page once per change (see
	// Handler.Invalidate) and serves it from memory, gzipped; false renders
	// every request, so a caller that writes the store and reads at once (a
	// test) needs no Invalidate. `tipwire serve` and `run` turn it on.
	Cache bool
	// CacheTTL bounds how long a rendered response is served without a
	// re-render, so writes by another process (`tipwire fetch` next to
	// `tipwire serve`) show up; default DefaultCacheTTL.
	CacheTTL time.Duration

	// Content is ContentSnippet (the default: title, a plain-text excerpt
	// and the link) or ContentFull (the publisher's sanitised summary) for
	// every feed entry; see safeguard.go.
	Content string
	// Hubs are WebSub hubs every feed names with rel="hub".
	Hubs []string
	// CountryName names a country code (tags.Tagger.CountryName); nil
	// serves no /countries pages. Tags counts the stories per country.
	CountryName func(code string) (string, bool)
	Tags        TagCounter
}

func (o Options) withDefaults() Options {
	o.BaseURL = strings.TrimRight(strings.TrimSpace(o.BaseURL), "/")
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if o.Title == "" {
		o.Title = DefaultTitle
	}
	if o.Description == "" {
		o.Description = DefaultDescription
	}
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func (o Options) topic(name string) (tipwire.Topic, bool) {
	for _, t := range o.Topics {
		if t.Name == name {
			return t, true
		}
	}
	return tipwire.Topic{}, false
}

// FeedMetaFor describes the feed of topic ("" for all topics) in format, as
// NewHandler serves it at BaseURL; `tipwire export` uses it to print the same
// document. Updated is left zero so Render derives it from the items.
func FeedMetaFor(opts Options, topic, format string) FeedMeta {
	o := opts.withDefaults()
	meta := FeedMeta{
		Title:       o.Title,
		Description: o.Description,
		SelfURL:     o.BaseURL + feedPath(topic, format),
		SiteURL:     o.BaseURL + "/",
		ID:          o.BaseURL + feedPath(topic, FormatAtom),
	}
	if topic != "" {
		title := topic
		if t, ok := o.topic(topic); ok && t.Title != "" {
			title = t.Title
		}
		meta.Title = topicFeedTitle(o.Title, topic, title)
		meta.Description = fmt.Sprintf("Stories that matched the topic %q. %s", title, o.Description)
	}
	return o.feedExtras(meta)
}

// topicFeedTitle names a topic's feed after the site and the topic. When the
// site title already says the topic's title ("tipwire: human trafficking
// news" and "Human trafficking news"), the topic's name tells the feed from
// the curated one instead of the title saying the same words twice.
func topicFeedTitle(site, name, title string) string {
	if strings.Contains(strings.ToLower(site), strings.ToLower(title)) {
		return site + " — topic " + name
	}
	return site + " — " + title
}

// feedPath is the route of a feed; one topic's Atom path is also its id.
func feedPath(topic, format string) string {
	if topic == "" {
		return "/feed." + format
	}
	return "/topics/" + url.PathEscape(topic) + "." + format
}

func contentType(format string) string {
	switch format {
	case FormatAtom:
		return "application/atom+xml; charset=utf-8"
	case FormatRSS:
		return "application/rss+xml; charset=utf-8"
	case FormatJSON:
		return "application/feed+json; charset=utf-8"
	}
	return ""
}

type handler struct {
	items ItemLister
	opts  Options
	log   *slog.Logger
	pages *template.Template // every HTML page (nav.go)
	css   *representation
	icon  *representation
	cache *renderCache
}

// Handler is the publisher's http.Handler: feeds, HTML pages, health,
// metrics and the admin endpoints. Feeds and pages are rendered once per
// change and then served from memory; call Invalidate when stored content
// changes.
type Handler struct {
	h    *handler
	next http.Handler
}

// ServeHTTP implements http.Handler.
func (p *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.next.ServeHTTP(w, r) }

// Invalidate marks every rendered feed and page stale, so each is rendered
// again on its next request. Call it after a pass stored something or the
// configuration changed; it is cheap and safe from any goroutine.
func (p *Handler) Invalidate() { p.h.cache.invalidate() }

// NewHandler serves the feeds, the HTML pages, /healthz, /readyz, /metrics
// and the admin endpoints of the items listed by items. Listing errors become
// a 500 and are logged on logger (nil discards). Every response carries the
// security headers of securityHeaders.
func NewHandler(items ItemLister, opts Options, logger *slog.Logger) *Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	opts.Topics = slices.Clone(opts.Topics) // the caller may reuse its slice
	h := &handler{items: items, opts: opts, log: logger, cache: newRenderCache(opts)}
	h.pages = pageTemplates()
	h.css = newRepresentation(mustAsset("assets/style.css"), "text/css; charset=utf-8", time.Time{}).compressed()
	h.icon = newRepresentation(mustAsset("assets/favicon.svg"), "image/svg+xml", time.Time{}).compressed()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.serveHome)
	mux.HandleFunc("GET /static/style.css", h.css.serve)
	mux.HandleFunc("GET /static/favicon.svg", h.icon.serve)
	mux.HandleFunc("GET /favicon.ico", h.icon.serve)
	for _, f := range []string{FormatAtom, FormatRSS, FormatJSON} {
		mux.HandleFunc("GET /feed."+f, func(w http.ResponseWriter, r *http.Request) {
			h.serveFeed(w, r, "", f)
		})
	}
	mux.HandleFunc("GET /topics", h.serveTopics)
	mux.HandleFunc("GET /topics/{file}", h.serveTopic)
	mux.HandleFunc("GET /tags/{file}", h.serveTag)
	mux.HandleFunc("GET /stories/{key}", h.serveStory)
	mux.HandleFunc("GET /healthz", h.serveLive)
	mux.HandleFunc("GET /readyz", h.serveReady)
	if opts.Metrics != nil {
		mux.Handle("GET /metrics", opts.Metrics)
	}
	mux.Handle("POST /sources", h.adminOnly(http.HandlerFunc(h.serveAddSource)))
	mux.HandleFunc("GET /sources", h.serveSources)
	mux.HandleFunc("GET /sources.opml", h.serveSourcesOPML)
	h.registerCountries(mux)
	return &Handler{h: h, next: observeRequests(opts.Observer, opts.Now, securityHeaders(mux))}
}

// serveTopic answers /topics/NAME (the topic's HTML page) and
// /topics/NAME.EXT (its feed) for a known topic and format only.
func (h *handler) serveTopic(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if _, ok := h.opts.topic(file); ok {
		h.servePage(w, r, file)
		return
	}
	dot := strings.LastIndexByte(file, '.')
	if dot < 0 {
		http.NotFound(w, r)
		return
	}
	name, format := file[:dot], file[dot+1:]
	if _, ok := h.opts.topic(name); !ok || contentType(format) == "" {
		http.NotFound(w, r)
		return
	}
	h.serveFeed(w, r, name, format)
}

// serveFeed answers one feed, optionally narrowed by a search (?q=), from
// the render cache.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, topic, format string) {
	lq, err := parseListQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := "feed\x00" + topic + "\x00" + format + "\x00" + lq.q
	rep, err := h.cache.get(key, func() (*representation, error) {
		return h.renderFeed(r.Context(), topic, format, lq.q)
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep.serve(w, r)
}

func (h *handler) renderFeed(ctx context.Context, topic, format, query string) (*representation, error) {
	items, err := h.items.Items(ctx, tipwire.ItemQuery{Topic: topic, Query: query, Limit: h.opts.Limit})
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	meta := FeedMetaFor(h.opts, topic, format)
	if query != "" {
		// A search is its own feed: its own self link, id and title.
		qs := "?q=" + url.QueryEscape(query)
		meta.SelfURL, meta.ID = meta.SelfURL+qs, meta.ID+qs
		meta.Title += " — search: " + query
	}
	var buf bytes.Buffer
	if err := Render(&buf, format, meta, items); err != nil {
		return nil, err
	}
	return newRepresentation(buf.Bytes(), contentType(format), h.lastModified(items)), nil
}

// lastModified is the newest change among items, never later than now
// (RFC 9110 §8.8.2.1), or zero, which sends no Last-Modified.
func (h *handler) lastModified(items []tipwire.Item) time.Time {
	t := newestChange(items)
	if now := h.opts.Now(); t.After(now) {
		t = now
	}
	return t
}

// serveLive answers /healthz, the liveness probe: the process is up and
// serving. It touches nothing else, so a slow database never gets a healthy
// process restarted.
func (h *handler) serveLive(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

// serveReady answers /readyz, the readiness probe: 200 when Options.Ready
// (a store ping) succeeds within readyTimeout, else 503.
func (h *handler) serveReady(w http.ResponseWriter, r *http.Request) {
	if h.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := h.opts.Ready(ctx); err != nil {
			h.log.WarnContext(r.Context(), "not ready", "route", r.Pattern, "error", err)
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	h.serveLive(w, r)
}

// fail answers 500 with a generic message; the error itself is logged here,
// once, and never shown to the client.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	level := slog.LevelError
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		level = slog.LevelDebug // the client went away; nothing is broken
	}
	h.log.Log(r.Context(), level, "request failed", "route", r.Pattern, "path", r.URL.Path, "error", err)
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "internal server error", http.StatusInternalServerError)
}
