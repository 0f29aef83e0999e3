package fetcher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// errRedirect marks a redirect the client refused to follow.
var errRedirect = errors.New("redirect refused")

// accept prefers feed types but takes anything: many servers send feeds as
// text/html or application/octet-stream.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Fetch downloads req.URL with a conditional GET and parses the feed. A 304
// answer gives a Result with NotModified set and no items. Every error is an
// *Error; its Category says what went wrong.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (Result, error) {
	hreq, err := f.newRequest(ctx, req)
	if err != nil {
		return Result{}, &Error{Category: CategoryInvalidURL, URL: req.URL, Err: err}
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return Result{}, &Error{Category: transportCategory(err), URL: req.URL, Err: err}
	}
	defer discard(resp.Body)

	switch {
	case resp.StatusCode == http.StatusNotModified:
		res, err := notModified(req, resp)
		res.NextCheckHint = headerHint(resp.Header, f.opts.Now())
		return res, err
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return Result{StatusCode: resp.StatusCode}, f.statusError(req.URL, resp)
	}
	if req.BodySlot != nil {
		if err := req.BodySlot.Acquire(ctx); err != nil {
			return Result{StatusCode: resp.StatusCode}, &Error{Category: contextCategory(err), URL: req.URL, Err: err}
		}
	}
	buf := f.getBuffer()
	defer f.putBuffer(buf)
	body, err := f.readBodySlotted(ctx, resp, buf, req.BodySlot)
	if err != nil {
		return Result{StatusCode: resp.StatusCode}, withURL(err, req.URL)
	}
	// The final URL, after redirects, is the base of last resort for
	// relative links.
	res, err := f.parseBody(ctx, body, resp.Header.Get("Content-Type"), resp.Request.URL.String(), f.opts.Now())
	res.StatusCode = resp.StatusCode
	if err != nil {
		return res, withURL(err, req.URL)
	}
	res.ETag = resp.Header.Get("ETag")
	res.LastModified = resp.Header.Get("Last-Modified")
	res.MovedTo = movedTo(resp)
	res.NextCheckHint = max(res.NextCheckHint, headerHint(resp.Header, f.opts.Now()))
	f.log.DebugContext(ctx, "feed fetched", "feed_url", req.URL, "status", resp.StatusCode,
		"bytes", len(body), "items", len(res.Items))
	return res, nil
}

// statusError describes a status other than 2xx and 304. 410 has its own
// category: the scheduler keeps the source but polls it rarely.
func (f *Fetcher) statusError(feedURL string, resp *http.Response) *Error {
	cat := CategoryHTTPStatus
	if resp.StatusCode == http.StatusGone {
		cat = CategoryGone
	}
	return &Error{
		Category: cat, URL: feedURL, Status: resp.StatusCode,
		RetryAfter: retryAfter(resp.Header, f.opts.Now()),
		Err:        fmt.Errorf("server answered %s", resp.Status),
	}
}

func (f *Fetcher) newRequest(ctx context.Context, req Request) (*http.Request, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("parse url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("not an absolute http(s) url")
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	hreq.Header.Set("User-Agent", f.opts.UserAgent)
	hreq.Header.Set("Accept", accept)
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	// Accept-Encoding is left to the Transport, which then decompresses
	// gzip transparently; readBody caps what comes out.
	return hreq, nil
}

// readBody reads at most MaxBody decoded bytes; one more means too large.
func (f *Fetcher) readBody(resp *http.Response, buf *bytes.Buffer) ([]byte, error) {
	if !resp.Uncompressed && resp.ContentLength > f.opts.MaxBody {
		return nil, &Error{Category: CategoryTooLarge,
			Err: fmt.Errorf("content length %d exceeds %d bytes", resp.ContentLength, f.opts.MaxBody)}
	}
	if resp.ContentLength > 0 && !resp.Uncompressed {
		buf.Grow(int(resp.ContentLength) + 1) // one allocation instead of doublings
	}
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, f.opts.MaxBody+1))
	body := buf.Bytes()
	if err != nil {
		return nil, &Error{Category: transportCategory(err), Err: fmt.Errorf("read body: %w", err)}
	}
	if int64(len(body)) > f.opts.MaxBody {
		return nil, &Error{Category: CategoryTooLarge, Err: fmt.Errorf("body exceeds %d bytes", f.opts.MaxBody)}
	}
	return body, nil
}

// readBodySlotted is readBody for a fetch holding slot (nil: none). A body
// that takes longer than SlowBody to arrive releases the slot meanwhile and
// takes it again once complete.
func (f *Fetcher) readBodySlotted(ctx context.Context, resp *http.Response, buf *bytes.Buffer, slot Slot) ([]byte, error) {
	if slot == nil {
		return f.readBody(resp, buf)
	}
	released := make(chan struct{})
	slow := time.AfterFunc(f.opts.SlowBody, func() {
		slot.Release()
		close(released)
	})
	body, err := f.readBody(resp, buf)
	if slow.Stop() {
		return body, err
	}
	<-released
	if err != nil {
		return nil, err
	}
	if err := slot.Acquire(ctx); err != nil {
		return nil, &Error{Category: contextCategory(err), Err: err}
	}
	return body, nil
}

// notModified builds the Result of a 304. A 304 to a request that carried no
// validators is a server bug, and treating it as "unchanged" would hide a
// feed forever.
func notModified(req Request, resp *http.Response) (Result, error) {
	if req.ETag == "" && req.LastModified == "" {
		return Result{StatusCode: resp.StatusCode}, &Error{Category: CategoryHTTPStatus, URL: req.URL,
			Status: resp.StatusCode, Err: errors.New("304 Not Modified to a request without validators")}
	}
	res := Result{NotModified: true, StatusCode: resp.StatusCode, ETag: req.ETag, LastModified: req.LastModified}
	if v := resp.Header.Get("ETag"); v != "" {
		res.ETag = v
	}
	if v := resp.Header.Get("Last-Modified"); v != "" {
		res.LastModified = v
	}
	return res, nil
}

// checkRedirect follows at most max redirects, and only to http(s).
func checkRedirect(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > max {
			return fmt.Errorf("more than %d redirects: %w", max, errRedirect)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s: %w", req.URL.Scheme, errRedirect)
		}
		return nil
	}
}

// movedTo returns the target of the leading run of permanent redirects
// (301, 308) that led to resp, or "".
func movedTo(resp *http.Response) string {
	var chain []*http.Request // requests from the first hop to the last
	for r := resp.Request; r != nil && r.Response != nil; r = r.Response.Request {
		chain = append(chain, r)
	}
	moved := ""
	for i := len(chain) - 1; i >= 0; i-- {
		code := chain[i].Response.StatusCode
		if code != http.StatusMovedPermanently && code != http.StatusPermanentRedirect {
			break
		}
		moved = chain[i].URL.String()
	}
	return moved
}

// retryAfter converts a Retry-After header (seconds or an HTTP date) into a
// delay. Dates are measured against the response's Date header when there
// is one, so a skewed local clock does not distort them.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(max(0, min(secs, 1<<30))) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	return max(0, at.Sub(now))
}

// discard drains a little of what is left so the connection can be reused,
// then closes the body.
func discard(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
	_ = body.Close()
}

// withURL fills in the URL of an *Error created below Fetch or Parse.
func withURL(err error, u string) error {
	if e, ok := errors.AsType[*Error](err); ok && e.URL == "" {
		e.URL = u
	}
	return err
}

// maxPooledBuffer is the largest body buffer kept for reuse: typical feeds
// fit, and a rare huge one is left to the garbage collector rather than
// held for ever.
const maxPooledBuffer = 1 << 20

// getBuffer returns a body buffer from the fetcher's pool. Dozens of
// concurrent downloads each grew a fresh buffer by doubling, and that
// garbage set the daemon's peak memory. Nothing parsed from a body refers
// to its bytes (the parsers copy into strings), so a buffer is reused once
// its fetch returns.
func (f *Fetcher) getBuffer() *bytes.Buffer {
	if b, ok := f.bodies.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (f *Fetcher) putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	f.bodies.Put(b)
}
