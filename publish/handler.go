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
		"with every outlet that carried it and the terms that matched."
	DefaultLimit = 100
)

// readyTimeout bounds a readiness probe so /healthz answers even when the
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
	Limit       int                         // entries per feed and on the index; default DefaultLimit
	Ready       func(context.Context) error // readiness for /healthz (e.g. a store ping); nil means always ready
	Now         func() time.Time            // clock; nil means time.Now
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
		meta.Title = o.Title + " — " + title
		meta.Description = fmt.Sprintf("Stories that matched the topic %q. %s", title, o.Description)
	}
	return meta
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
	page  *template.Template
	css   representation
}

// NewHandler serves the feeds, the HTML index and /healthz of the items
// listed by items. Listing errors become a 500 and are logged on logger (nil
// discards). Every response carries the security headers of securityHeaders.
func NewHandler(items ItemLister, opts Options, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	opts.Topics = slices.Clone(opts.Topics) // the caller may reuse its slice
	h := &handler{items: items, opts: opts, log: logger}
	h.page = template.Must(template.ParseFS(assets, "assets/index.html"))
	h.css = newRepresentation(mustAsset("assets/style.css"), "text/css; charset=utf-8", time.Time{})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.serveIndex)
	mux.HandleFunc("GET /static/style.css", h.css.serve)
	for _, f := range []string{FormatAtom, FormatRSS, FormatJSON} {
		mux.HandleFunc("GET /feed."+f, func(w http.ResponseWriter, r *http.Request) {
			h.serveFeed(w, r, "", f)
		})
	}
	mux.HandleFunc("GET /topics/{file}", h.serveTopicFeed)
	mux.HandleFunc("GET /healthz", h.serveHealth)
	return securityHeaders(mux)
}

// serveTopicFeed answers /topics/NAME.EXT for a known topic and format only.
func (h *handler) serveTopicFeed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
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

func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, topic, format string) {
	items, err := h.items.Items(r.Context(), tipwire.ItemQuery{Topic: topic, Limit: h.opts.Limit})
	if err != nil {
		h.fail(w, r, fmt.Errorf("list items: %w", err))
		return
	}
	var buf bytes.Buffer
	if err := Render(&buf, format, FeedMetaFor(h.opts, topic, format), items); err != nil {
		h.fail(w, r, err)
		return
	}
	newRepresentation(buf.Bytes(), contentType(format), h.lastModified(items)).serve(w, r)
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

func (h *handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if h.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := h.opts.Ready(ctx); err != nil {
			h.log.WarnContext(r.Context(), "not ready", "route", r.Pattern, "error", err)
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
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
