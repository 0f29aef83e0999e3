package publish

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/tipwire/tipwire"
)

// maxFormBytes bounds the body of an admin request.
const maxFormBytes = 16 << 10

// SourceAdder adds a feed to poll; the store's AddSource satisfies it. It
// returns the source as stored.
type SourceAdder interface {
	AddSource(ctx context.Context, src tipwire.Source) (tipwire.Source, error)
}

// adminOnly guards a state-changing endpoint twice over. Cross-origin
// requests from browsers are refused by their Sec-Fetch-Site or Origin
// header (http.CrossOriginProtection), so another site cannot make a
// logged-in operator's browser post; and every request must carry the admin
// token, as "Authorization: Bearer TOKEN" or a "token" form field, which
// another site cannot know either. Without a configured token the endpoint
// is off.
func (h *handler) adminOnly(next http.Handler) http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.log.WarnContext(r.Context(), "cross-origin request refused", "route", r.Pattern, "origin", r.Header.Get("Origin"))
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))
	return csrf.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if h.opts.AdminToken == "" {
			http.Error(w, "admin endpoints are off: set admin_token in the config", http.StatusForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if !h.tokenOK(r) {
			h.log.WarnContext(r.Context(), "admin request without a valid token", "route", r.Pattern)
			w.Header().Set("WWW-Authenticate", `Bearer realm="tipwire"`)
			http.Error(w, "admin token required", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// tokenOK compares in constant time, so the token cannot be guessed byte by
// byte from response times.
func (h *handler) tokenOK(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		got = r.PostFormValue("token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(h.opts.AdminToken)) == 1
}

// serveAddSource adds the feed of the url form field (name optional) as a
// source polled from the next pass, then sends the browser to /sources.
func (h *handler) serveAddSource(w http.ResponseWriter, r *http.Request) {
	if h.opts.Sources == nil {
		http.Error(w, "adding sources is not available", http.StatusNotImplemented)
		return
	}
	raw := strings.TrimSpace(r.PostFormValue("url"))
	if err := checkFeedURL(raw); err != nil {
		http.Error(w, "url: "+err.Error(), http.StatusBadRequest)
		return
	}
	src := tipwire.Source{URL: raw, Name: strings.TrimSpace(cleanText(r.PostFormValue("name"))), Origin: tipwire.OriginCLI}
	stored, err := h.opts.Sources.AddSource(r.Context(), src)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "source added", "feed_url", stored.URL, "source_id", stored.ID)
	http.Redirect(w, r, "/sources", http.StatusSeeOther)
}

func checkFeedURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return errors.New("must not be empty")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https"):
		return errors.New("must be an http or https URL")
	case u.Hostname() == "":
		return errors.New("has no host")
	}
	return nil
}
