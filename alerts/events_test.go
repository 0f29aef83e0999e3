package alerts_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/store"
)

// eventRig is a store, a webhook receiver and a notifier whose passes the
// test runs one at a time.
type eventRig struct {
	st   *store.Store
	hook *counter
	n    *alerts.Notifier
}

func newEventRig(t *testing.T, routes ...alerts.Route) *eventRig {
	t.Helper()
	st := openStore(t, filepath.Join(t.TempDir(), "tipwire.db"))
	t.Cleanup(func() { st.Close() })
	hook := newCounter("event-secret-0123")
	srv := httptest.NewServer(hook)
	t.Cleanup(srv.Close)
	for i := range routes {
		routes[i].Channel = "chat"
	}
	n, err := alerts.New(st, st, alerts.Options{
		Routes:   routes,
		Channels: map[string]alerts.Sender{"chat": &alerts.Webhook{URL: srv.URL, Secret: hook.secret}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &eventRig{st: st, hook: hook, n: n}
}

func (r *eventRig) save(t *testing.T, items ...tipwire.Item) {
	t.Helper()
	if _, err := r.st.SaveItems(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}

// pass ends a fetch pass as the daemon does, delivers, and checks how many
// stories the receiver has by then.
func (r *eventRig) pass(t *testing.T, want int) {
	t.Helper()
	ctx := context.Background()
	r.n.AfterPass(ctx)
	r.n.Flush(ctx)
	got, badSig := r.hook.snapshot()
	if len(got) != want || badSig != 0 {
		t.Fatalf("receiver has %v (%d bad signatures), want %d stories", got, badSig, want)
	}
	for key, times := range got {
		if times != 1 {
			t.Fatalf("story %s arrived %d times", key, times)
		}
	}
}

func unmatched(it tipwire.Item) tipwire.Item {
	it.Matches = nil
	return it
}

// Every way a story comes to satisfy a route alerts it, once.
func TestAlertingEvents(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	t.Run("new item", func(t *testing.T) {
		r := newEventRig(t, alerts.Route{Name: "all"})
		r.save(t, story("Police free 12 women from a Pattaya guesthouse", "Outlet A", now))
		r.pass(t, 1)
		r.pass(t, 1)
	})
	t.Run("update makes the item match", func(t *testing.T) {
		r := newEventRig(t, alerts.Route{Name: "all"})
		first := unmatched(story("Breaking: police raid guesthouse in Pattaya", "Outlet A", now))
		r.save(t, first)
		r.pass(t, 0)
		updated := story("Pattaya raid: 17 women rescued from sex trafficking ring", "Outlet A", now)
		updated.GUID, updated.Link, updated.CanonicalURL = first.GUID, first.Link, first.CanonicalURL
		r.save(t, updated)
		r.pass(t, 1)
	})
	t.Run("matching copy joins an unmatched story", func(t *testing.T) {
		r := newEventRig(t, alerts.Route{Name: "all"})
		r.save(t, unmatched(story("Police raid guesthouse in Pattaya, 17 women freed", "Outlet A", now)))
		r.pass(t, 0)
		r.save(t, story("Police raid guesthouse in Pattaya, 17 women freed", "Outlet B", now))
		r.pass(t, 1)
		r.save(t, story("Police raid guesthouse in Pattaya, 17 women freed", "Outlet C", now))
		r.pass(t, 1) // a third outlet: the story has alerted already
	})
	t.Run("re-match after a topic change", func(t *testing.T) {
		r := newEventRig(t, alerts.Route{Name: "trafficking", Topic: "trafficking"})
		it := story("Court hears case of workers held on fishing boats", "Outlet A", now)
		it.Matches = []tipwire.Match{{Topic: "labour", Score: 5}}
		r.save(t, it)
		r.pass(t, 0)
		if _, err := r.st.Rematch(ctx, func(tipwire.Item) []tipwire.Match {
			return []tipwire.Match{{Topic: "trafficking", Terms: []string{"held"}, Score: 4}}
		}, "topics-v2"); err != nil {
			t.Fatal(err)
		}
		r.pass(t, 1)
	})
	t.Run("new tags after a re-tag", func(t *testing.T) {
		r := newEventRig(t, alerts.Route{Name: "cambodia", Tags: []string{"KH"}})
		r.save(t, story("Scam compound raided near the border", "Outlet A", now))
		r.pass(t, 0)
		if _, err := r.st.Retag(ctx, func(tipwire.Item) []string { return []string{"KH"} }, "gazetteer-v2"); err != nil {
			t.Fatal(err)
		}
		r.pass(t, 1)
	})
}

// A new deployment alerts the current news, not the archive its feeds
// list, and pings the hubs on its first pass; a rule change later does not
// alert old stories either.
func TestFirstRunAlertsOnlyRecentStories(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	r := newEventRig(t, alerts.Route{Name: "all"}, alerts.Route{Name: "labour", Topic: "labour"})
	pings := 0
	hub := httptest.NewServer(countPings(&pings))
	t.Cleanup(hub.Close)
	n, err := alerts.New(r.st, r.st, alerts.Options{
		Routes: []alerts.Route{{Name: "all", Channel: "chat"}, {Name: "labour", Channel: "chat", Topic: "labour"}},
		Channels: map[string]alerts.Sender{
			"chat": &alerts.Webhook{URL: hookURL(t, r), Secret: r.hook.secret},
		},
		Hubs: []string{hub.URL}, BaseURL: "https://tw.example", Client: hub.Client(),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.n = n
	recent := story("Two hours ago: raid frees workers in Accra", "Outlet A", now.Add(-2*time.Hour))
	undated := story("Undated: Manila court jails recruiter", "Outlet B", time.Time{})
	old := story("Last year: senator questioned over brothel ring", "Outlet C", now.Add(-30*time.Hour))
	r.save(t, recent, undated, old)
	r.pass(t, 2)
	got, _ := r.hook.snapshot()
	if got[keyOf(t, r.st, old.Title)] != 0 {
		t.Error("a story published 30 hours ago alerted on the first pass")
	}
	if pings != 1 {
		t.Errorf("first pass pinged the hub %d times, want 1", pings)
	}
	// The topics change and the old story now matches a routed topic: still
	// no alert, it is not news.
	if _, err := r.st.Rematch(ctx, func(tipwire.Item) []tipwire.Match {
		return []tipwire.Match{{Topic: "labour", Score: 5}}
	}, "topics-v2"); err != nil {
		t.Fatal(err)
	}
	r.pass(t, 2)
	if pings != 1 {
		t.Errorf("a pass with nothing new pinged the hub (%d pings)", pings)
	}
}
