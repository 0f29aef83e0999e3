package alerts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/store"
)

// clock is an injected clock that moves only when told; dispatcher
// goroutines read it while the test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// counter is a webhook receiver that verifies signatures and counts the
// alerts it accepted per story key; hold, when set, runs before it
// answers (a slow or dead receiver).
type counter struct {
	secret string
	url    string // where it is served
	hold   func(r *http.Request)

	mu       sync.Mutex
	got      map[string]int // story key -> accepted
	ids      map[string]string
	badSig   int
	received chan string // story keys, as they are accepted
}

func newCounter(secret string) *counter {
	return &counter{secret: secret, got: map[string]int{}, ids: map[string]string{}, received: make(chan string, 1000)}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if c.hold != nil {
		c.hold(r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !alerts.Verify(c.secret, body, r.Header.Get(alerts.SignatureHeader)) {
		c.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var a alerts.Alert
	if err := json.Unmarshal(body, &a); err != nil || a.Story.Key == "" ||
		r.Header.Get(alerts.DeliveryHeader) != a.DeliveryID || r.Header.Get(alerts.StoryHeader) != a.Story.Key {
		http.Error(w, "bad payload or headers", http.StatusBadRequest)
		return
	}
	c.got[a.Story.Key]++
	c.ids[a.Story.Key] = a.DeliveryID
	c.received <- a.Story.Key
}

func (c *counter) snapshot() (got map[string]int, badSig int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := map[string]int{}
	for k, v := range c.got {
		cp[k] = v
	}
	return cp, c.badSig
}

// await waits for n alerts to arrive, failing after a generous bound.
func (c *counter) await(t *testing.T, n int) {
	t.Helper()
	limit := time.After(30 * time.Second)
	for range n {
		select {
		case <-c.received:
		case <-limit:
			got, _ := c.snapshot()
			t.Fatalf("waited for %d alerts, have %v", n, got)
		}
	}
}

// words are distinct enough that titles built from different ones never
// cluster into one story.
var words = strings.Fields(`Pattaya Phnom Penh Manila Lagos Accra Dhaka Kathmandu Yangon Bangkok Hanoi
	guesthouse factory vessel compound brothel farm quarry mine warehouse kitchen
	raid rescue arrest verdict inquiry appeal audit ruling strike probe
	women fishermen students nurses miners cooks drivers tailors welders clerks
	senator judge mayor bishop general broker captain doctor banker trader
	monsoon election festival border harbour market airport railway bridge island`)

// distinctTitle is the title of the i-th of many distinct stories.
func distinctTitle(i int) string {
	n := len(words)
	return fmt.Sprintf("%s %s %s %s %d", words[i%n], words[(i/n+i*7+3)%n], words[(i*13+11)%n], words[(i*29+17)%n], i)
}

// story is a matched item about title from outlet, published at published.
func story(title, outlet string, published time.Time, tags ...string) tipwire.Item {
	link := "https://" + strings.ToLower(strings.ReplaceAll(outlet, " ", "")) + ".example/" +
		strings.ReplaceAll(strings.ToLower(title), " ", "-")
	return tipwire.Item{
		GUID: link, Link: link, CanonicalURL: link, Title: title, Outlet: outlet, Published: published,
		Summary: "<p>" + title + ".</p>",
		Tags:    tags,
		Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: 5}},
	}
}

// runDispatcher runs n's dispatcher until stop is called or the test
// ends; stop returns once every send has finished.
func runDispatcher(t *testing.T, n *alerts.Notifier) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Run(ctx, nil)
	}()
	stop = func() {
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return stop
}

// countPings is a WebSub hub that counts publish pings.
func countPings(n *int) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ParseForm() != nil || r.PostForm.Get("hub.mode") != "publish" {
			http.Error(w, "bad ping", http.StatusBadRequest)
			return
		}
		mu.Lock()
		*n++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
}

// hookURL serves r's receiver anew and returns its address.
func hookURL(t *testing.T, r *eventRig) string {
	t.Helper()
	srv := httptest.NewServer(r.hook)
	t.Cleanup(srv.Close)
	return srv.URL
}

// keyOf returns the key of the stored story titled title.
func keyOf(t *testing.T, st *store.Store, title string) string {
	t.Helper()
	items, err := st.Items(context.Background(), tipwire.ItemQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Title == title {
			return it.Key
		}
	}
	t.Fatalf("no story %q", title)
	return ""
}
