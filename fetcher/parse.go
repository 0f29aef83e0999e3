package fetcher

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/tipwire/tipwire/sanitize"
)

// Parse reads a feed document from r (at most Options.MaxBody bytes) and
// normalises it as Fetch would. feedURL, when not empty, is the base for
// relative links and names the document in errors; now is the first-seen
// time given to undated items. It serves `tipwire check FILE` and tests.
func (f *Fetcher) Parse(ctx context.Context, r io.Reader, feedURL string, now time.Time) (Result, error) {
	body, err := io.ReadAll(io.LimitReader(r, f.opts.MaxBody+1))
	if err != nil {
		return Result{}, &Error{Category: CategoryNetwork, URL: feedURL, Err: fmt.Errorf("read: %w", err)}
	}
	if int64(len(body)) > f.opts.MaxBody {
		return Result{}, &Error{Category: CategoryTooLarge, URL: feedURL,
			Err: fmt.Errorf("document exceeds %d bytes", f.opts.MaxBody)}
	}
	res, err := f.parseBody(ctx, body, "", feedURL, now)
	return res, withURL(err, feedURL)
}

// parseBody turns a raw body into a Result. contentType is the response's
// Content-Type header, used only for its charset.
func (f *Fetcher) parseBody(ctx context.Context, body []byte, contentType, feedURL string, now time.Time) (Result, error) {
	// Decoding, parsing and sanitising are CPU and memory heavy, while
	// downloads mostly wait: bound them separately.
	select {
	case f.parses <- struct{}{}:
		defer func() { <-f.parses }()
	case <-ctx.Done():
		return Result{}, &Error{Category: contextCategory(ctx.Err()), Err: ctx.Err()}
	}
	body, err := gunzipIfNeeded(body, f.opts.MaxBody)
	if err != nil {
		return Result{}, err
	}
	// XML 1.0 forbids C0 controls; one stray byte would fail the whole
	// parse (gofeed issue #180).
	doc, kind, err := sniff(sanitize.StripInvalidXML(toUTF8(body, contentType)))
	if err != nil {
		return Result{}, err
	}
	var limits xmlLimits
	if kind == kindXML {
		limits = scanXML(doc, maxXMLDepth, maxParsedItems)
	}
	if limits.tooDeep {
		return Result{}, &Error{Category: CategoryParse, Err: fmt.Errorf("elements nested deeper than %d", maxXMLDepth)}
	}
	if limits.tooMany || kind == kindJSON && jsonItemsExceed(doc, maxParsedItems) {
		return Result{}, &Error{Category: CategoryTooLarge, Err: fmt.Errorf("more than %d items", maxParsedItems)}
	}
	feed, err := f.runParser(ctx, doc)
	if err != nil {
		return Result{}, err
	}
	// Any JSON object parses as a JSON Feed; one with no version, title or
	// items is some other JSON document.
	if kind == kindJSON && !strings.Contains(feed.FeedVersion, "jsonfeed") && len(feed.Items) == 0 && feed.Title == "" {
		return Result{}, &Error{Category: CategoryNotFeed, Err: errors.New("JSON document is not a JSON Feed")}
	}
	res := f.normalise(ctx, feed, feedURL, now)
	res.NextCheckHint = feedHint(feed)
	return res, nil
}

// runParser calls gofeed, turning a panic inside it (it panics on some
// malformed JSON Feeds, such as {"items":[null]}) into a CategoryPanic error.
func (f *Fetcher) runParser(ctx context.Context, doc string) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f.log.DebugContext(ctx, "feed parser panicked", "panic", r, "stack", string(debug.Stack()))
			feed, err = nil, &Error{Category: CategoryPanic, Err: fmt.Errorf("parser panic: %v", r)}
		}
	}()
	feed, err = f.parser.Parse(strings.NewReader(doc))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, &Error{Category: CategoryNotFeed, Err: err}
	case err != nil:
		return nil, &Error{Category: CategoryParse, Err: err}
	case feed == nil:
		return nil, &Error{Category: CategoryParse, Err: errors.New("parser returned no feed")}
	}
	return feed, nil
}

// gunzipIfNeeded decompresses a body that is still gzip after transport
// decoding (a .gz file served without Content-Encoding, or gzip applied
// twice), within the same cap.
func gunzipIfNeeded(body []byte, limit int64) ([]byte, error) {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, &Error{Category: CategoryParse, Err: fmt.Errorf("gzip: %w", err)}
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, &Error{Category: CategoryParse, Err: fmt.Errorf("gzip: %w", err)}
	}
	if int64(len(out)) > limit {
		return nil, &Error{Category: CategoryTooLarge, Err: fmt.Errorf("decompressed body exceeds %d bytes", limit)}
	}
	return out, nil
}
