package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/store"
)

const chromiumPath = "/usr/bin/chromium"

// browserTimeout bounds everything one test does in the browser.
const browserTimeout = 90 * time.Second

var topics = []tipwire.Topic{
	{Name: "trafficking", Title: "Human trafficking news"},
	{Name: "cambodia", Title: "Cambodia"},
}

// newBrowser starts a headless Chromium with a fresh profile, or skips the
// test when there is none (fails under CI, which must have it).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: install Debian's chromium package (.ci/run does)", chromiumPath)
		}
		t.Skipf("%s not found (apt-get install chromium); skipping the browser test", chromiumPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	return browserCtx
}

// consoleWatch collects what the page reports: console.error and warnings,
// uncaught exceptions, and browser log entries at warning level and above,
// where Chromium reports CSP violations and failed loads.
type consoleWatch struct {
	mu       sync.Mutex
	problems []string
}

func watchConsole(t *testing.T, ctx context.Context) *consoleWatch {
	w := &consoleWatch{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
				w.add(fmt.Sprintf("console.%s: %s", ev.Type, consoleArgs(ev.Args)))
			}
		case *runtime.EventExceptionThrown:
			w.add(fmt.Sprintf("exception: %s (%s:%d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.URL, ev.ExceptionDetails.LineNumber))
		case *cdplog.EventEntryAdded:
			e := ev.Entry
			if e.Level == cdplog.EntryLevelError || e.Level == cdplog.EntryLevelWarning || e.Source == cdplog.EntrySourceSecurity {
				w.add(fmt.Sprintf("log %s/%s: %s (%s)", e.Source, e.Level, e.Text, e.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("listen to the page: %v", err)
	}
	return w
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		v := a.Description
		if len(a.Value) > 0 {
			v = string(a.Value)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " ")
}

func (w *consoleWatch) add(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, s)
}

func (w *consoleWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}

// artifactsDir is where screenshots go: $TIPWIRE_ARTIFACTS, else a
// temporary directory (kept only for the test's life).
func artifactsDir(t *testing.T) string {
	if d := os.Getenv("TIPWIRE_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// newConsoleServer serves the publisher over a real store holding a few
// matched stories, the way `tipwire serve` does.
func newConsoleServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.SaveItems(ctx, fixtureItems(time.Now())); err != nil {
		t.Fatal(err)
	}
	h := publish.NewHandler(st, publish.Options{
		Title: "tipwire: human trafficking news", Topics: topics, Counts: st, Ready: st.Ping,
		PageSize: 4, Cache: true, Sources: st, SourceList: st, Tags: st,
		CountryName: func(code string) (string, bool) { return map[string]string{"KH": "Cambodia"}[code], code == "KH" },
	}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fixtureItems are six matched stories spread over the last weeks, so the
// chart has a shape and the home page a second page.
func fixtureItems(now time.Time) []tipwire.Item {
	stories := []struct {
		title, summary, outlet string
		daysAgo                int
		topics                 []string
	}{
		{"Police free 40 workers from a scam compound in Sihanoukville", "Victims of <b>human trafficking</b> were forced to run online scams.", "Mekong Wire", 1, []string{"trafficking", "cambodia"}},
		{"Fishermen describe forced labour at sea", "Survivors of human trafficking on fishing boats describe debt bondage.", "Asia Desk", 3, []string{"trafficking"}},
		{"UN report counts record number of trafficking victims", "Sexual exploitation and forced labour remain the main forms.", "UN News", 8, []string{"trafficking"}},
		{"Cambodia opens a shelter for rescued trafficking survivors", "The shelter in Phnom Penh takes survivors of scam centres.", "Phnom Penh Post", 15, []string{"trafficking", "cambodia"}},
		{"Court jails recruiters for debt bondage", "Recruiters charged workers fees they could never repay.", "Gulf Monitor", 30, []string{"trafficking"}},
		{"Hotline for trafficking victims extended", "The hotline now answers in five languages.", "Europe Today", 60, []string{"trafficking"}},
	}
	var items []tipwire.Item
	for i, s := range stories {
		seen := now.Add(-time.Duration(s.daysAgo) * 24 * time.Hour)
		it := tipwire.Item{
			GUID: fmt.Sprintf("story-%d", i), Title: s.title, Summary: "<p>" + s.summary + "</p>",
			Link:      fmt.Sprintf("https://news.example.org/story/%d", i),
			Outlet:    s.outlet,
			Published: seen, FirstSeen: seen,
		}
		if slices.Contains(s.topics, "cambodia") {
			it.Tags = []string{"KH"}
		}
		for _, tp := range s.topics {
			it.Matches = append(it.Matches, tipwire.Match{Topic: tp, Terms: []string{"human trafficking"}, Score: 4.5})
		}
		items = append(items, it)
	}
	return items
}

// page is one step of the tour: where to go, what must be shown there.
type page struct {
	name   string
	action chromedp.Action[chromedp.Void] // gets the browser to the page
	url    string                         // the location the page must end on
	want   map[string]string              // CSS selector -> text it must contain
	shot   string                         // screenshot file name, "" for none
}

func TestConsoleInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	srv := newConsoleServer(t)
	console := watchConsole(t, ctx)
	dir := artifactsDir(t)
	tour := []page{
		{name: "home", action: chromedp.Navigate(srv.URL + "/"), url: srv.URL + "/", shot: "home.png", want: map[string]string{
			"h1":                        "Latest stories",
			".items .item h3 a":         "Police free 40 workers from a scam compound in Sihanoukville",
			".items .item .outlets":     "Reported by: Mekong Wire",
			".items .item .tags":        "Cambodia",
			".items .item .matches":     "Matched Human trafficking news on human trafficking (score 4.50)",
			".items .item .meta .score": "4.50",
			".chart figcaption":         "Human trafficking news: 6, Cambodia: 2",
			".pages a[rel=next]":        "Older",
		}},
		{name: "second page", action: chromedp.Click(chromedp.CSS(".pages a[rel=next]")), url: srv.URL + "/?page=2", want: map[string]string{
			".items":             "Hotline for trafficking victims extended",
			".pages a[rel=prev]": "Newer",
		}},
		{name: "search", action: chromedp.Steps(
			chromedp.Navigate(srv.URL+"/"),
			chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "fishing boats"),
			chromedp.Submit(chromedp.CSS(`input[name=q]`)),
		), url: srv.URL + "/?q=fishing+boats", shot: "search.png", want: map[string]string{
			"h1":     "Search: fishing boats",
			".items": "Fishermen describe forced labour at sea",
		}},
		{name: "topic", action: chromedp.Navigate(srv.URL + "/topics/cambodia"), url: srv.URL + "/topics/cambodia", shot: "topic.png", want: map[string]string{
			"h1":                "Cambodia",
			".items":            "Cambodia opens a shelter for rescued trafficking survivors",
			".chart figcaption": "Matched stories published in the last 90 days: Cambodia: 2;",
			".feeds":            "Atom",
		}},
	}
	// The country page needs the /countries/{code} route of the country
	// feeds to hand a code without extension to it; tour it once it does.
	if resp, err := http.Get(srv.URL + "/countries/KH"); err == nil && resp.StatusCode == http.StatusOK {
		resp.Body.Close()
		tour = append(tour, page{name: "country", action: chromedp.Navigate(srv.URL + "/countries/KH"), url: srv.URL + "/countries/KH", shot: "country.png", want: map[string]string{
			"h1": "Cambodia", ".items": "Police free 40 workers from a scam compound in Sihanoukville",
		}})
	} else {
		t.Log("no country page routed at /countries/KH yet; not toured")
	}
	for _, p := range tour {
		if err := chromedp.Do(ctx, p.action, chromedp.WaitVisible(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || loc != p.url {
			t.Errorf("%s: at %q (%v), want %q", p.name, loc, err, p.url)
		}
		for sel, want := range p.want {
			got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
			if err != nil || !strings.Contains(got, want) {
				t.Errorf("%s: %s shows %q (%v), want it to contain %q", p.name, sel, got, err, want)
			}
		}
		if p.name == "search" {
			if n, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".items .item"))); err != nil || len(n) != 1 {
				t.Errorf("search shows %d items (%v), want 1", len(n), err)
			}
		}
		if p.shot != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", p.name, err)
			}
			if err := os.WriteFile(filepath.Join(dir, p.shot), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if problems := console.take(); len(problems) > 0 {
			t.Errorf("%s: the console reported:\n%s", p.name, strings.Join(problems, "\n"))
		}
	}
	t.Logf("screenshots in %s", dir)
}

// TestConsoleWatchCatchesViolations proves the watch works: a page that
// breaks the Content-Security-Policy and throws must be reported.
func TestConsoleWatchCatchesViolations(t *testing.T) {
	ctx := newBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>bad</title><style>body{color:red}</style><p>inline style</p>`)
	}))
	defer srv.Close()
	console := watchConsole(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("p"))); err != nil {
		t.Fatal(err)
	}
	// The violation report may trail the load; a round trip to the page
	// makes sure it has been delivered (events come in order).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("true")); err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(console.take(), "\n")
	if !strings.Contains(problems, "Content Security Policy") {
		t.Errorf("the CSP violation was not reported; got %q", problems)
	}
}
