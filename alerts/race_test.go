package alerts_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/store"
)

// Two dispatchers (two processes) share one database and both queue and
// deliver after their passes; the receivers answer slowly. Every story
// reaches every channel exactly once. Run it many times:
// go test -race -count=20 -run TwoDispatchers ./alerts/
func TestTwoDispatchersDeliverOncePerChannel(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tipwire.db")
	slow := newCounter("slow-secret-0123")
	slow.hold = func(*http.Request) { time.Sleep(20 * time.Millisecond) } // a receiver that takes its time
	fast := newCounter("fast-secret-0123")
	for _, c := range []*counter{slow, fast} {
		srv := httptest.NewServer(c)
		t.Cleanup(srv.Close)
		c.url = srv.URL
	}
	sent := make(chan struct{}, 1000) // one per delivery recorded as delivered
	var sts []*store.Store
	var ns []*alerts.Notifier
	for range 2 {
		st := openStore(t, path)
		t.Cleanup(func() { st.Close() })
		n, err := alerts.New(st, st, alerts.Options{
			Routes: []alerts.Route{{Name: "all-slow", Channel: "slow"}, {Name: "all-fast", Channel: "fast"}},
			Channels: map[string]alerts.Sender{
				"slow": &alerts.Webhook{URL: slow.url, Secret: slow.secret},
				"fast": &alerts.Webhook{URL: fast.url, Secret: fast.secret},
			},
			Sent: func(err error) {
				if err == nil {
					sent <- struct{}{}
				}
			},
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		sts, ns = append(sts, st), append(ns, n)
	}
	var stops []func()
	for _, n := range ns {
		stops = append(stops, runDispatcher(t, n))
	}
	const waves, perWave = 3, 8
	now := time.Now()
	for w := range waves {
		var items []tipwire.Item
		for i := range perWave {
			items = append(items, story(distinctTitle(w*perWave+i), fmt.Sprint("Outlet ", w, i), now))
		}
		if _, err := sts[w%2].SaveItems(ctx, items); err != nil {
			t.Fatal(err)
		}
		// Both processes finish a pass at once and queue the same stories.
		var wg sync.WaitGroup
		for _, n := range ns {
			wg.Go(func() { n.AfterPass(ctx) })
		}
		wg.Wait()
	}
	slow.await(t, waves*perWave)
	fast.await(t, waves*perWave)
	// Stop once every delivery is recorded: nothing is left to claim, and
	// a duplicate send would have been counted by now.
	for range 2 * waves * perWave {
		<-sent
	}
	for _, stop := range stops {
		stop()
	}
	for name, c := range map[string]*counter{"slow": slow, "fast": fast} {
		got, badSig := c.snapshot()
		if len(got) != waves*perWave || badSig != 0 {
			t.Errorf("%s: %d stories, %d bad signatures", name, len(got), badSig)
		}
		for key, times := range got {
			if times != 1 {
				t.Errorf("%s: story %s arrived %d times", name, key, times)
			}
		}
	}
	if n, _, err := sts[0].PendingDeliveries(ctx, []string{"slow", "fast"}); err != nil || n != 0 {
		t.Errorf("%d deliveries still pending (err %v)", n, err)
	}
}
