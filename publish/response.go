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
	// The response headers of each variant, built once and shared by every
	// request: copying prebuilt values into a response allocates nothing.
	// Never modified (each slice has len == cap, so even an append by a
	// later handler copies).
	plain, zipped variant
}

// variant is what one encoding of a representation answers with.
type variant struct {
	body  []byte
	etag  string
	full  http.Header // for http.ServeContent, which adds length, dates and ranges
	whole http.Header // full plus those, for a plain 200 of the whole body
	unmod http.Header // for a 304 (RFC 9110 §15.4.5: no content metadata)
}

func newRepresentation(body []byte, contentType string, modified time.Time) *representation {
	rep := &representation{body: body, contentType: contentType, etag: strongETag(body, ""), modified: modified}
	rep.plain = rep.variant(body, rep.etag, "")
	return rep
}

// variant builds the headers of one encoding.
func (rep *representation) variant(body []byte, etag, encoding string) variant {
	v := variant{body: body, etag: etag, full: http.Header{}, unmod: http.Header{}}
	for _, h := range []http.Header{v.full, v.unmod} {
		// Readers may keep a copy but must revalidate; a 304 costs little.
		h["Cache-Control"] = []string{"no-cache"}
		h["Etag"] = []string{etag}
		if rep.gz != nil {
			h["Vary"] = []string{"Accept-Encoding"}
		}
	}
	v.full["Content-Type"] = []string{rep.contentType}
	if encoding != "" {
		v.full["Content-Encoding"] = []string{encoding}
	}
	v.whole = v.full.Clone()
	v.whole["Accept-Ranges"] = []string{"bytes"}
	v.whole["Content-Length"] = []string{strconv.Itoa(len(body))}
	if !rep.modified.IsZero() {
		v.whole["Last-Modified"] = []string{rep.modified.UTC().Format(http.TimeFormat)}
	}
	return v
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
		out.plain = out.variant(out.body, out.etag, "")
		out.zipped = out.variant(out.gz, out.gzETag, "gzip")
	}
	return &out
}

// serve answers r with the body (gzipped when the client accepts it and a
// gzip variant exists) or 304. A GET or HEAD whose If-None-Match matches is
// answered here: revalidations are most of what a busy feed gets.
// Everything else goes to http.ServeContent, which implements the RFC 9110
// §13.2.2 precedence (If-None-Match wins over If-Modified-Since, which is
// only consulted without it), ranges, and HEAD without a body.
func (rep *representation) serve(w http.ResponseWriter, r *http.Request) {
	v := &rep.plain
	if rep.gz != nil && acceptsGzip(r.Header) {
		v = &rep.zipped
	}
	h := w.Header()
	if inm := r.Header.Get("If-None-Match"); inm != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		etagListed(inm, v.etag) {
		for k, vals := range v.unmod {
			h[k] = vals
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if whole(r) {
		// The whole body in one write: ServeContent copies it in 32 KB
		// pieces, a system call each.
		for k, vals := range v.whole {
			h[k] = vals
		}
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			w.Write(v.body) // the client went away: nothing to do
		}
		return
	}
	for k, vals := range v.full {
		h[k] = vals
	}
	http.ServeContent(w, r, "", rep.modified, bytes.NewReader(v.body))
}

// whole reports whether r asks for the whole current body with nothing for
// http.ServeContent to decide: a GET or HEAD without a range or a
// precondition other than an If-None-Match (which serve has already found
// not to match, and which makes If-Modified-Since moot).
func whole(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	for _, k := range []string{"Range", "If-Match", "If-Unmodified-Since", "If-Range"} {
		if r.Header.Get(k) != "" {
			return false
		}
	}
	return r.Header.Get("If-Modified-Since") == "" || r.Header.Get("If-None-Match") != ""
}

// etagListed reports whether an If-None-Match value lists etag or is "*",
// by the weak comparison of RFC 9110 §8.8.3.2 (W/ prefixes ignored).
func etagListed(list, etag string) bool {
	for tag := range strings.SplitSeq(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
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
