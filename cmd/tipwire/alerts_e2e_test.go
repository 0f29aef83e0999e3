package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/store"
)

// The whole pipeline: fetched items are tagged, stored, published per
// country, routed by tag to a signed webhook, and the hub is pinged.
func TestEndToEndTagsAlertsAndWebSub(t *testing.T) {
	farm := httptest.NewServer(&feedFarm{docs: map[string]feedDoc{"/rss": {"application/rss+xml", e2eRSS}}})
	defer farm.Close()
	var (
		mu    sync.Mutex
		hooks []alerts.Alert
		pings []url.Values
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/hub" {
			form, _ := url.ParseQuery(string(body))
			pings = append(pings, form)
			return
		}
		var a alerts.Alert
		if !alerts.Verify("0123456789abcdef", body, r.Header.Get(alerts.SignatureHeader)) || json.Unmarshal(body, &a) != nil {
			http.Error(w, "bad", http.StatusUnauthorized)
			return
		}
		hooks = append(hooks, a)
	}))
	defer receiver.Close()

	cfg := alertsConfig(t, farm.URL+"/rss", receiver.URL, RouteConfig{Name: "cambodia", Tags: []string{"KH"}, Channel: "chat"})
	a, err := openApp(context.Background(), &env{stderr: io.Discard}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx := context.Background()
	if _, err := a.daemon.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	a.alerts.AfterPass(ctx)
	a.alerts.Flush(ctx)

	mu.Lock()
	defer mu.Unlock()
	if len(hooks) != 1 || hooks[0].Story.Title != "Police rescue 40 victims of human trafficking in Phnom Penh" {
		t.Fatalf("webhook got %+v, want the Phnom Penh story once", hooks)
	}
	if !slices.Contains(hooks[0].Tags, "KH") || !slices.Contains(hooks[0].Tags, "rescue") {
		t.Errorf("alert tags %v", hooks[0].Tags)
	}
	if len(pings) != 1 || !slices.Contains(pings[0]["hub.url"], cfg.BaseURL+"/countries/KH.atom") {
		t.Errorf("hub pings %v", pings)
	}
	rec, doc := getFeed(t, a, "/countries/KH.atom")
	if rec.Code != http.StatusOK || len(doc.Entries) != 1 || !strings.Contains(rec.Body.String(), `rel="hub"`) {
		t.Errorf("/countries/KH.atom: %d, %d entries:\n%s", rec.Code, len(doc.Entries), rec.Body)
	}
	if rec, _ := getFeed(t, a, "/countries"); !strings.Contains(rec.Body.String(), "Cambodia</a> (KH)") {
		t.Errorf("/countries lacks Cambodia:\n%s", rec.Body)
	}
}

// `tipwire fetch` (from cron, say) ends as the daemon's passes do: the new
// stories of its pass are queued and delivered, and the hubs pinged.
func TestFetchCommandDeliversAlerts(t *testing.T) {
	// The feed without its Phnom Penh story, which arrives later.
	first := e2eRSS[:strings.Index(e2eRSS, "<item>")] + e2eRSS[strings.Index(e2eRSS, "<item><title>Fishermen"):]
	farm := &feedFarm{docs: map[string]feedDoc{"/rss": {"application/rss+xml", first}}}
	farmSrv := httptest.NewServer(farm)
	defer farmSrv.Close()
	var (
		mu    sync.Mutex
		hooks []alerts.Alert
		pings int
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/hub" {
			pings++
			return
		}
		var a alerts.Alert
		if json.Unmarshal(body, &a) != nil {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		hooks = append(hooks, a)
	}))
	defer receiver.Close()

	cfg := alertsConfig(t, farmSrv.URL+"/rss", receiver.URL, RouteConfig{Name: "all", Channel: "chat"})
	fetch := func() {
		t.Helper()
		var out, errOut strings.Builder
		fs := flag.NewFlagSet("tipwire fetch", flag.ContinueOnError)
		fetchFlags(fs)
		if code := cmdFetch(context.Background(), &env{stdout: &out, stderr: &errOut}, cfg, fs); code != exitOK {
			t.Fatalf("tipwire fetch = %d\n%s%s", code, out.String(), errOut.String())
		}
	}

	fetch() // the first pass alerts what is recent, and pings the hubs
	mu.Lock()
	if len(hooks) != 1 || hooks[0].Story.Title != "Fishermen describe forced labour at sea" || pings != 1 {
		t.Errorf("first fetch alerted %+v and pinged %d times, want the matched story and one ping", hooks, pings)
	}
	hooks = nil
	mu.Unlock()

	farm.mu.Lock()
	farm.docs["/rss"] = feedDoc{"application/rss+xml", e2eRSS}
	farm.mu.Unlock()
	fetch()

	mu.Lock()
	defer mu.Unlock()
	if len(hooks) != 1 || hooks[0].Story.Title != "Police rescue 40 victims of human trafficking in Phnom Penh" {
		t.Fatalf("webhook got %+v, want the one new matched story", hooks)
	}
	if pings == 0 {
		t.Error("no hub was pinged after the fetch that stored a new story")
	}
}

// A database whose items were stored before tagging (or by an older
// gazetteer) is re-tagged at start, and the topics that test tags are
// re-matched, once.
func TestStartRetagsStoredItems(t *testing.T) {
	cfg := sourcesConfig(t)
	cfg.Topics = append(cfg.Topics, TopicConfig{Name: "cambodia", Title: "Cambodia", Rule: "tag:KH"})
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	old, err := store.Open(ctx, cfg.DB, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	_, err = old.SaveItems(ctx, []tipwire.Item{{
		GUID: "old-1", Link: "https://news.example.org/old-phnom-penh", CanonicalURL: "https://news.example.org/old-phnom-penh",
		Title:   "Police rescue 40 victims of human trafficking in Phnom Penh",
		Summary: "Cambodian police freed 40 people held in a scam compound.",
		Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: 1}},
	}})
	// The stored matches agree with the topics: only the new tags can make
	// the tag:KH topic match.
	set, err := compileTopics(cfg)
	if err == nil {
		_, err = old.Rematch(ctx, set.Match, set.Fingerprint())
	}
	if err == nil {
		err = old.Close()
	}
	if err != nil {
		t.Fatal(err)
	}

	a, err := openApp(ctx, &env{stderr: io.Discard}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	kh, err := a.store.Items(ctx, tipwire.ItemQuery{Tag: "KH"})
	if err != nil || len(kh) != 1 {
		t.Fatalf("stories tagged KH after start: %d (%v), want the stored one", len(kh), err)
	}
	if !slices.Contains(kh[0].Tags, "rescue") {
		t.Errorf("tags %v, want the event type too", kh[0].Tags)
	}
	topic, err := a.store.Items(ctx, tipwire.ItemQuery{Topic: "cambodia"})
	if err != nil || len(topic) != 1 {
		t.Errorf("topic tag:KH has %d stories (%v) after start, want the re-tagged one", len(topic), err)
	}
	if fp, err := a.store.TagsFingerprint(ctx); err != nil || fp != a.tags.Fingerprint() {
		t.Errorf("tags fingerprint %q (%v), want the tagger's %q", fp, err, a.tags.Fingerprint())
	}
}

// alertsConfig is the shipped config (see sourcesConfig) with one source,
// feed, and a webhook and a WebSub hub on receiver, alerted by route.
func alertsConfig(t *testing.T, feed, receiver string, route RouteConfig) Config {
	t.Helper()
	cfg := sourcesConfig(t)
	cfg.Sources = []SourceConfig{{URL: feed, Name: "Mekong Wire"}}
	cfg.WebSub.Hubs = []string{receiver + "/hub"}
	cfg.Alerts = AlertsConfig{
		Webhooks: []WebhookConfig{{Name: "chat", URL: receiver + "/hook", Secret: "0123456789abcdef"}},
		Routes:   []RouteConfig{route},
		// The fixtures carry fixed dates: a backlog of years keeps them recent.
		Backlog: Duration(20 * 365 * 24 * time.Hour),
	}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A webhook that holds its request open stalls no pass: the daemon's
// after-pass hook only queues, and the dispatcher sends on its own.
func TestHeldWebhookStallsNoPass(t *testing.T) {
	farm := httptest.NewServer(&feedFarm{docs: map[string]feedDoc{"/rss": {"application/rss+xml", e2eRSS}}})
	defer farm.Close()
	held, release := make(chan struct{}, 10), make(chan struct{})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/hook" {
			held <- struct{}{}
			<-release
		}
	}))
	defer receiver.Close()
	defer close(release)
	cfg := alertsConfig(t, farm.URL+"/rss", receiver.URL, RouteConfig{Name: "all", Channel: "chat"})
	a, err := openApp(context.Background(), &env{stderr: io.Discard}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx, cancel := context.WithCancel(context.Background())
	stop := a.startAlerts(ctx)
	defer stop()
	defer cancel()

	passes := 0
	for range 4 {
		if _, err := a.daemon.Pass(ctx); err != nil {
			t.Fatal(err)
		}
		a.daemon.AfterPass(ctx)
		passes++
		if passes == 1 {
			<-held // the dispatcher is stuck in the first request from now on
		}
	}
	if passes != 4 || a.alerts.InFlight() != 1 {
		t.Errorf("%d passes ended with %d deliveries in flight; want 4 passes past the held request", passes, a.alerts.InFlight())
	}
}
