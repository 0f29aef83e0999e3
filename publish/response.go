package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
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

// representation is one rendered response body with its validators and,
// once compressed, a gzip copy with its own validator. It is immutable once
// built, so the render cache serves one to many requests at once.
type representation struct {
	body        []byte
	contentType string
	etag        string    // strong: a hash of exactly these bytes
	modified    time.Time // zero sends no Last-Modified
	gz          []byte    // gzip of body, or nil when not worth it or not made
	gzETag      string    // the gzip variant is another representation (RFC 9110 §8.8.3)
}

func newRepresentation(body []byte, contentType string, modified time.Time) *representation {
	return &representation{body: body, contentType: contentType, etag: strongETag(body, ""), modified: modified}
}

func strongETag(body []byte, suffix string) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + suffix + `"`
}

// compressed returns a copy of rep with a gzip variant, compressed once at
// the best ratio, since it is served many times. A body that gzip does not
// shrink keeps no variant.
func (rep *representation) compressed() *representation {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(rep.body)                                       // a bytes.Buffer cannot fail
	zw.Close()
	out := *rep
	if buf.Len() < len(rep.body) {
		out.gz, out.gzETag = buf.Bytes(), strongETag(rep.body, "-gz")
	}
	return &out
}

// serve answers r with the body (gzipped when the client accepts it and a
// gzip variant exists) or 304. http.ServeContent implements the RFC 9110
// §13.2.2 precedence: If-None-Match (lists, W/ and * included, weak
// comparison) wins over If-Modified-Since, which is only consulted without
// it. HEAD gets the headers without the body.
func (rep *representation) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", rep.contentType)
	// Readers may keep a copy but must revalidate; a 304 costs little.
	h.Set("Cache-Control", "no-cache")
	body, etag := rep.body, rep.etag
	if rep.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header) {
			body, etag = rep.gz, rep.gzETag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", rep.modified, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding lists gzip (or *) with a
// non-zero quality (RFC 9110 §12.5.3).
func acceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			if !strings.EqualFold(coding, "gzip") && coding != "*" {
				continue
			}
			q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			if !found {
				return true
			}
			if f, err := strconv.ParseFloat(q, 64); err == nil && f > 0 {
				return true
			}
		}
	}
	return false
}
