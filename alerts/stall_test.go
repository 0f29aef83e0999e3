package alerts_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
)

// A webhook that never answers holds up neither the fetch passes (their
// hook only queues) nor the other channels (each has its own worker).
func TestDeadReceiverStallsNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "tipwire.db"))
	t.Cleanup(func() { st.Close() })
	var open atomic.Int32 // requests the dead receiver holds
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so the server notices when the sender hangs up
		open.Add(1)
		<-r.Context().Done() // answers never; the sender gives up when stopped
	}))
	t.Cleanup(dead.Close)
	live := newCounter("live-secret-0123")
	liveSrv := httptest.NewServer(live)
	t.Cleanup(liveSrv.Close)
	n, err := alerts.New(st, st, alerts.Options{
		Routes: []alerts.Route{{Name: "to-dead", Channel: "dead"}, {Name: "to-live", Channel: "live"}},
		Channels: map[string]alerts.Sender{
			"dead": &alerts.Webhook{URL: dead.URL, Secret: "dead-secret-0123"},
			"live": &alerts.Webhook{URL: liveSrv.URL, Secret: live.secret},
		},
		SendTimeout: time.Hour, // longer than the test: the request stays open throughout
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	runDispatcher(t, n)

	const passes = 6
	var done atomic.Int32
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for i := range passes {
			if _, err := st.SaveItems(ctx, []tipwire.Item{story(distinctTitle(100+i), "Outlet A", time.Now())}); err != nil {
				t.Error(err)
				return
			}
			n.AfterPass(ctx) // what the daemon runs after each pass
			done.Add(1)
		}
	}()
	live.await(t, passes) // the live channel got every story...
	<-finished            // ...and every pass ended...
	if got := done.Load(); got != passes {
		t.Fatalf("%d passes ended, want %d", got, passes)
	}
	// ...while the dead receiver still holds its first request open.
	if got := open.Load(); got != 1 {
		t.Errorf("dead receiver saw %d requests, want its first one, still open", got)
	}
	// The live channel's last send may still be reading its answer.
	if got := n.InFlight(); got < 1 || got > 2 {
		t.Errorf("%d deliveries in flight, want the dead channel's one", got)
	}
}

// A channel's own timeout ends a send to a receiver that never answers,
// and the attempt is logged as failed, to be retried after a backoff.
func TestChannelTimeoutEndsSend(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "tipwire.db"))
	t.Cleanup(func() { st.Close() })
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(dead.Close)
	n, err := alerts.New(st, st, alerts.Options{
		Routes:      []alerts.Route{{Name: "to-dead", Channel: "dead"}},
		Channels:    map[string]alerts.Sender{"dead": &alerts.Webhook{URL: dead.URL, Secret: "dead-secret-0123"}},
		SendTimeout: time.Hour,
		Timeouts:    map[string]time.Duration{"dead": 100 * time.Millisecond},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveItems(ctx, []tipwire.Item{story(distinctTitle(200), "Outlet A", time.Now())}); err != nil {
		t.Fatal(err)
	}
	n.AfterPass(ctx)
	n.Flush(ctx) // returns: the channel's timeout, not the hour, bounds the send
	log, err := st.DeliveryLog(ctx, 10)
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Error, "deadline exceeded") {
		t.Fatalf("delivery log %+v (err %v), want one timed-out attempt", log, err)
	}
	if d := log[0].Finished.Sub(log[0].At); d < 100*time.Millisecond || d > 10*time.Second {
		t.Errorf("attempt took %v, want about the channel's timeout", d)
	}
}
