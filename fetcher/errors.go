package fetcher

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"time"
)

// Category names the kind of failure stored with a source, so operators can
// tell a dead host from a broken feed at a glance. Values are stable: they
// are stored and shown.
type Category string

// Error categories.
const (
	CategoryInvalidURL Category = "invalid_url" // the feed URL is not an absolute http(s) URL
	CategoryNetwork    Category = "network"     // connection refused, reset, or another transport error
	CategoryTimeout    Category = "timeout"     // connect, headers or the whole request took too long
	CategoryDNS        Category = "dns"         // the host name did not resolve
	CategoryTLS        Category = "tls"         // handshake failed or the certificate is not trusted
	CategoryBlocked    Category = "blocked"     // the address is private and allow_private_networks is off
	CategoryRedirect   Category = "redirect"    // too many redirects, or one to a non-http(s) URL
	CategoryHTTPStatus Category = "http_status" // a status other than 2xx, 304 and 410 (see Error.Status)
	CategoryGone       Category = "gone"        // 410 Gone: the publisher retired the feed (Status is 410)
	CategoryTooLarge   Category = "too_large"   // the decoded body exceeds Options.MaxBody
	CategoryEmpty      Category = "empty"       // the body is empty or only whitespace and comments
	CategoryHTML       Category = "html"        // an HTML page where a feed was expected
	CategoryNotFeed    Category = "not_feed"    // a document that is neither RSS, Atom nor JSON Feed
	CategoryParse      Category = "parse"       // a feed that could not be parsed (truncated, malformed, too deep)
	CategoryPanic      Category = "panic"       // the parser panicked; recovered
	CategoryCanceled   Category = "canceled"    // the caller's context was canceled
	CategoryUnknown    Category = "unknown"     // an error that did not come from this package
)

// Error is the error every Fetch and Parse failure is returned as.
type Error struct {
	Category Category
	URL      string // the feed URL, "" when Parse was given none
	Status   int    // the HTTP status for CategoryHTTPStatus and CategoryGone, else 0
	// RetryAfter is the delay a 429 or 503 response asked for (zero when
	// absent), already converted from an HTTP date when needed.
	RetryAfter time.Duration
	Err        error
}

// Error names the URL, the category and the cause.
func (e *Error) Error() string {
	target := e.URL
	if target == "" {
		target = "document"
	}
	cause := e.Err
	// net/http wraps transport errors as `Get "URL": ...`; the URL is
	// already named once, and operators read these lines in logs.
	var ue *url.Error
	if errors.As(cause, &ue) && ue.Err != nil {
		cause = ue.Err
	}
	return fmt.Sprintf("fetch %s: %s: %v", target, e.Category, cause)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// CategoryOf returns the category of err: the one carried by an *Error in
// its chain, CategoryCanceled or CategoryTimeout for context errors, and
// CategoryUnknown otherwise ("" for a nil error).
func CategoryOf(err error) Category {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Category
	}
	return contextCategory(err)
}

func contextCategory(err error) Category {
	switch {
	case errors.Is(err, context.Canceled):
		return CategoryCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return CategoryTimeout
	}
	return CategoryUnknown
}

// transportCategory classifies an error from http.Client.Do.
func transportCategory(err error) Category {
	switch {
	case errors.Is(err, errBlocked):
		return CategoryBlocked
	case errors.Is(err, errRedirect):
		return CategoryRedirect
	case errors.Is(err, context.Canceled):
		return CategoryCanceled
	case isType[*net.DNSError](err):
		return CategoryDNS
	case isTLS(err):
		return CategoryTLS
	case isTimeout(err):
		return CategoryTimeout
	}
	return CategoryNetwork
}

func isTLS(err error) bool {
	return isType[*tls.CertificateVerificationError](err) || isType[tls.RecordHeaderError](err) ||
		isType[tls.AlertError](err) || isType[x509.UnknownAuthorityError](err) ||
		isType[x509.HostnameError](err) || isType[x509.CertificateInvalidError](err)
}

func isType[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
