package daemon

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tipwire/tipwire"
)

const testRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>
<item><title>human trafficking story</title><guid>g1</guid><link>https://t.example/1</link></item></channel></rss>`

// redirectServer answers /old with a redirect of the given code to /new,
// and serves a feed at /new and /other.
func redirectServer(code int) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", code)
	})
	feed := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(testRSS))
	}
	mux.HandleFunc("/new", feed)
	mux.HandleFunc("/other", feed)
	return httptest.NewServer(mux)
}

func TestRedirectsUpdateStoredURL(t *testing.T) {
	tests := []struct {
		name   string
		code   int
		origin string
		taken  bool // another source already has the new URL
		moved  bool
	}{
		{"301 moves", http.StatusMovedPermanently, tipwire.OriginCLI, false, true},
		{"308 moves", http.StatusPermanentRedirect, tipwire.OriginCLI, false, true},
		{"302 does not", http.StatusFound, tipwire.OriginCLI, false, false},
		{"307 does not", http.StatusTemporaryRedirect, tipwire.OriginCLI, false, false},
		{"301 of a config source only logs", http.StatusMovedPermanently, tipwire.OriginConfig, false, false},
		{"301 to a URL another source has keeps the old", http.StatusMovedPermanently, tipwire.OriginCLI, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := redirectServer(tt.code)
			defer srv.Close()
			old, target := srv.URL+"/old", srv.URL+"/new"
			srcs := []tipwire.Source{{URL: old, Origin: tt.origin}}
			if tt.taken {
				srcs = append(srcs, tipwire.Source{URL: target, Origin: tipwire.OriginCLI})
			}
			d, st := realDaemon(t, newTestClock(), Options{}, srcs...)
			reps, err := d.Pass(context.Background())
			if err != nil || reps[0].Err != nil || reps[0].Stats.New+reps[0].Stats.Duplicate != 1 {
				t.Fatalf("pass: %+v, %v", reps, err)
			}
			id := reps[0].Source.ID
			got, err := st.SourceByID(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			want := old
			if tt.moved {
				want = target
			}
			if got.URL != want {
				t.Errorf("stored URL %s, want %s", got.URL, want)
			}
		})
	}
}

// TestGoneSourceIsKeptAndPolledRarely: a 410 marks the source gone and
// checks it again only after the maximum interval; when it answers again it
// is active.
func TestGoneSourceIsKeptAndPolledRarely(t *testing.T) {
	var gone atomic.Bool
	gone.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if gone.Load() {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		w.Write([]byte(testRSS))
	}))
	defer srv.Close()
	clock := newTestClock()
	start := clock.Now()
	d, st := realDaemon(t, clock, Options{}, tipwire.Source{URL: srv.URL + "/f", Origin: tipwire.OriginConfig})
	ctx := context.Background()
	if reps, _ := d.DuePass(ctx); len(reps) != 1 || reps[0].Err == nil {
		t.Fatalf("first pass: %+v", reps)
	}
	src := sourceByURL(t, st, srv.URL+"/f")
	if src.Status != tipwire.StatusGone || !src.State.NextCheckAt.Equal(start.Add(DefaultMaxInterval)) ||
		src.State.ErrorCategory == "" || !strings.Contains(src.State.LastError, "410") {
		t.Fatalf("after 410: status %q, state %+v", src.Status, src.State)
	}
	clock.Set(start.Add(DefaultMaxInterval - 1))
	if reps, _ := d.DuePass(ctx); len(reps) != 0 {
		t.Errorf("gone source polled before the maximum interval")
	}
	gone.Store(false)
	clock.Set(start.Add(DefaultMaxInterval))
	if reps, _ := d.DuePass(ctx); len(reps) != 1 || reps[0].Err != nil {
		t.Fatalf("gone source not polled at the maximum interval: %+v", reps)
	}
	if src := sourceByURL(t, st, srv.URL+"/f"); src.Status != tipwire.StatusActive || src.State.ConsecutiveErrors != 0 {
		t.Errorf("source that came back: status %q, state %+v", src.Status, src.State)
	}
}
