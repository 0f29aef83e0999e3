package alerts

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/store"
)

func TestSignVerify(t *testing.T) {
	body := []byte(`{"story":{"title":"x"}}`)
	sig := Sign("k", body)
	// Known answer: HMAC-SHA256("k", body), computed with Python's hmac.
	if want := "sha256=bc98eb277388f21b43421c6195c9cfb67feaa92c94141e6410ce1d3f8ddc364a"; sig != want {
		t.Fatalf("signature %q, want %q", sig, want)
	}
	if !Verify("k", body, sig) || Verify("other", body, sig) || Verify("k", append(body, ' '), sig) {
		t.Error("Verify accepts a wrong secret or body, or rejects the right one")
	}
}

func TestRouteAccept(t *testing.T) {
	it := tipwire.Item{Tags: []string{"KH", "labour"}, Matches: []tipwire.Match{
		{Topic: "trafficking", Score: 5}, {Topic: "scams", Score: 2},
	}}
	cases := []struct {
		r     Route
		ok    bool
		topic string
	}{
		{Route{Tags: []string{"KH"}}, true, "trafficking"},
		{Route{Tags: []string{"KH", "labour"}}, true, "trafficking"},
		{Route{Tags: []string{"TH"}}, false, ""},
		{Route{Topic: "scams"}, true, "scams"},
		{Route{Topic: "scams", MinScore: 3}, false, ""},
		{Route{MinScore: 4}, true, "trafficking"},
		{Route{Topic: "other"}, false, ""},
	}
	for _, c := range cases {
		m, ok := c.r.accept(it)
		if ok != c.ok || (ok && m.Topic != c.topic) {
			t.Errorf("%+v: accept = %v %q, want %v %q", c.r, ok, m.Topic, c.ok, c.topic)
		}
	}
	if _, ok := (Route{}).accept(tipwire.Item{}); ok {
		t.Error("a story that matched no topic was accepted")
	}
}

func TestBackoff(t *testing.T) {
	n := &Notifier{opts: Options{MinBackoff: 30 * time.Second, MaxBackoff: time.Hour}}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, w := range want {
		if got := n.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := n.backoff(50); got != time.Hour {
		t.Errorf("backoff(50) = %v, want the cap", got)
	}
}

func TestWebSubPing(t *testing.T) {
	var (
		mu    sync.Mutex
		pings []url.Values
	)
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, err := url.ParseQuery(string(body))
		if r.Method != http.MethodPost || err != nil ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		mu.Lock()
		pings = append(pings, form)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	ctx := context.Background()
	st := testStore(t)
	n, err := New(st, st, Options{Hubs: []string{hub.URL}, BaseURL: "https://tw.example/", Client: hub.Client()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.AfterPass(ctx)
	n.Flush(ctx)
	if len(pings) != 0 {
		t.Fatal("pinged before any new story")
	}
	// The first pass that stores a story pings, and a pass that stores
	// nothing new does not.
	if _, err := st.SaveItems(ctx, []tipwire.Item{{GUID: "g", Link: "https://news.example/raid", Title: "Raid in Cambodia",
		Outlet: "A", Tags: []string{"KH", "rescue"}, Matches: []tipwire.Match{{Topic: "trafficking", Score: 5}}}}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		n.AfterPass(ctx)
		n.Flush(ctx)
	}
	if len(pings) != 1 {
		t.Fatalf("%d pings, want 1", len(pings))
	}
	got := pings[0]
	if got.Get("hub.mode") != "publish" {
		t.Errorf("hub.mode = %q", got.Get("hub.mode"))
	}
	for _, want := range []string{"https://tw.example/feed.atom", "https://tw.example/topics/trafficking.rss",
		"https://tw.example/countries/KH.json"} {
		if !slices.Contains(got["hub.url"], want) {
			t.Errorf("ping lacks hub.url=%s: %v", want, got["hub.url"])
		}
	}
	if slices.Contains(got["hub.url"], "https://tw.example/countries/rescue.atom") {
		t.Error("a type tag was pinged as a country feed")
	}
}

func TestNewRejectsUnknownChannel(t *testing.T) {
	_, err := New(nil, nil, Options{Routes: []Route{{Name: "r", Channel: "nope"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), `unknown channel "nope"`) {
		t.Errorf("err = %v", err)
	}
}

func TestDeliveryIDs(t *testing.T) {
	a, b := DeliveryID("chat", "k1"), DeliveryID("chat", "k2")
	if a != DeliveryID("chat", "k1") || a == b || a == DeliveryID("mail", "k1") || len(a) != 32 {
		t.Errorf("delivery ids %q %q: want stable, distinct per channel and story", a, b)
	}
	one := []Alert{{DeliveryID: a}}
	two := []Alert{{DeliveryID: a}, {DeliveryID: b}}
	if BatchID(one) != a || BatchID(two) != BatchID([]Alert{{DeliveryID: b}, {DeliveryID: a}}) || BatchID(two) == a {
		t.Error("batch ids: want the alert's id alone, else an order-free digest")
	}
}

// testStore opens a database in a temporary directory.
func testStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tipwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
