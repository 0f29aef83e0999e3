package fetcher

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestCategoryOf(t *testing.T) {
	cause := errors.New("boom")
	tests := []struct {
		name string
		err  error
		want Category
	}{
		{"nil", nil, ""},
		{"fetch error", &Error{Category: CategoryDNS, Err: cause}, CategoryDNS},
		{"wrapped fetch error", fmt.Errorf("source 3: %w", &Error{Category: CategoryPanic, Err: cause}), CategoryPanic},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), CategoryCanceled},
		{"deadline", context.DeadlineExceeded, CategoryTimeout},
		{"foreign", cause, CategoryUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CategoryOf(tt.err); got != tt.want {
				t.Errorf("CategoryOf = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessageAndUnwrap(t *testing.T) {
	cause := errors.New("connection refused")
	err := &Error{Category: CategoryNetwork, URL: "https://feeds.example/rss", Err: cause}
	if msg := err.Error(); !strings.Contains(msg, "https://feeds.example/rss") || !strings.Contains(msg, "network") ||
		!strings.Contains(msg, "connection refused") {
		t.Errorf("Error() = %q, want the URL, category and cause", msg)
	}
	if !errors.Is(err, cause) {
		t.Error("Unwrap does not reach the cause")
	}
}

func TestDefaultUserAgent(t *testing.T) {
	f := New(Options{}, nil)
	defer f.Close()
	if ua := f.opts.UserAgent; !strings.HasPrefix(ua, "tipwire/") || !strings.Contains(ua, "+https://github.com/tipwire/tipwire") {
		t.Errorf("default User-Agent %q", ua)
	}
	g := New(Options{UserAgent: "custom/1"}, nil)
	defer g.Close()
	if g.opts.UserAgent != "custom/1" {
		t.Errorf("User-Agent %q, want the configured one", g.opts.UserAgent)
	}
}

func TestErrorMessageNamesTheURLOnce(t *testing.T) {
	const u = "https://feeds.example/rss"
	cause := errors.New("no such host")
	err := &Error{Category: CategoryDNS, URL: u, Err: &url.Error{Op: "Get", URL: u, Err: cause}}
	if n := strings.Count(err.Error(), u); n != 1 {
		t.Errorf("Error() = %q names the URL %d times, want once", err.Error(), n)
	}
	if !errors.Is(err, cause) {
		t.Error("the transport cause is no longer reachable with errors.Is")
	}
}
