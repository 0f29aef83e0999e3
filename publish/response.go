package publish

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"time"
)

// assets holds the index template and its stylesheet, so the binary serves
// them from any directory.
//
//go:embed assets
var assets embed.FS

func mustAsset(name string) []byte {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic("publish: embedded asset missing: " + name) // a build defect, caught by every test
	}
	return b
}

// contentSecurityPolicy allows nothing but our own stylesheet and images: the
// pages show text from strangers, so no script may ever run.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, errors included.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		next.ServeHTTP(w, r)
	})
}

// representation is one rendered response body with its validators. It is
// immutable, so it can later be cached and served to many requests at once.
type representation struct {
	body        []byte
	contentType string
	etag        string    // strong: a hash of exactly these bytes
	modified    time.Time // zero sends no Last-Modified
}

func newRepresentation(body []byte, contentType string, modified time.Time) representation {
	sum := sha256.Sum256(body)
	return representation{
		body:        body,
		contentType: contentType,
		etag:        `"` + hex.EncodeToString(sum[:16]) + `"`,
		modified:    modified,
	}
}

// serve answers r with the body or 304. http.ServeContent implements the
// RFC 9110 §13.2.2 precedence: If-None-Match (lists, W/ and * included, weak
// comparison) wins over If-Modified-Since, which is only consulted without it.
// HEAD gets the headers without the body.
func (rep representation) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", rep.contentType)
	h.Set("ETag", rep.etag)
	// Readers may keep a copy but must revalidate; a 304 costs little.
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", rep.modified, bytes.NewReader(rep.body))
}
