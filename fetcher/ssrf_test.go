package fetcher

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	accepted *atomic.Int32
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted.Add(1)
	}
	return c, err
}

// TestFetchRedirectToLoopback: a public-looking feed host (mapped to a
// loopback test server by the test's dialer, as DNS would map it to a
// public address) redirects to loopback addresses. The guard must refuse
// every redirect hop at dial time, and the target must see no connection.
func TestFetchRedirectToLoopback(t *testing.T) {
	var accepted atomic.Int32
	target := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rss2)
	}))
	target.Listener = countingListener{target.Listener, &accepted}
	target.Start()
	defer target.Close()
	port := target.Listener.Addr().(*net.TCPAddr).Port

	var hops atomic.Int32
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hops.Add(1)
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}))
	defer redirector.Close()

	f := New(Options{}, nil) // the guard is on
	defer f.Close()
	guarded := f.transport.DialContext
	f.transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "feeds.example.com:80" { // the allowed first hop
			var d net.Dialer
			return d.DialContext(ctx, network, redirector.Listener.Addr().String())
		}
		return guarded(ctx, network, addr)
	}

	for _, to := range []string{
		fmt.Sprintf("http://127.0.0.1:%d/feed", port),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/feed", port),
		fmt.Sprintf("http://localhost:%d/feed", port),
	} {
		t.Run(to, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), Request{URL: "http://feeds.example.com/rss?to=" + to})
			if got := CategoryOf(err); got != CategoryBlocked {
				t.Errorf("got %v (%s), want blocked", err, got)
			}
		})
	}
	// The first hop was reached, so the refusals come from the guard on the
	// redirect, not from a broken setup.
	if n := hops.Load(); n != 3 {
		t.Errorf("redirector answered %d requests, want 3", n)
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("loopback target accepted %d connections, want 0", n)
	}
}
