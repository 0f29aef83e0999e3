package browser

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/publish"
	"github.com/tipwire/tipwire/store"
)

// viewports are the widths the console must fit: a laptop and a phone.
var viewports = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"1280", 1280, 900, false},
	{"390", 390, 844, true},
}

// failingSources is how many of the fixture's 30 sources fail.
const failingSources = 12

// polledStore marks every stored source polled, as the daemon does for the
// configured ones; the store alone cannot know.
type polledStore struct{ *store.Store }

func (p polledStore) SourceStats(ctx context.Context) ([]tipwire.SourceStats, error) {
	stats, err := p.Store.SourceStats(ctx)
	for i := range stats {
		stats[i].Polled = stats[i].Status != tipwire.StatusRemoved
	}
	return stats, err
}

// newHealthServer serves the publisher over a store holding 30 sources with
// Google News search URLs hundreds of characters long, a dozen failing with
// long error messages, one gone and one never checked, plus one story
// carried by three outlets.
func newHealthServer(t *testing.T, now time.Time) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tipwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srcs, err := st.EnsureSources(ctx, fixtureSources())
	if err != nil {
		t.Fatal(err)
	}
	categories := []string{"timeout", "dns", "http_status", "tls", "parse", "network"}
	for i, s := range srcs {
		state := tipwire.FetchState{LastCheckedAt: now.Add(-10 * time.Minute), LastSuccessAt: now.Add(-time.Duration(i+1) * time.Hour), NextCheckAt: now.Add(time.Duration(i+5) * time.Minute)}
		switch {
		case i < failingSources:
			cat := categories[i%len(categories)]
			state.ConsecutiveErrors, state.ErrorCategory = i+1, cat
			state.LastError = fmt.Sprintf("fetch %s: %s: Get %q: dial tcp: lookup news-%d.example.org on 127.0.0.53:53: no such host; retried after backoff, Retry-After ignored", s.URL, cat, s.URL, i)
		case i == failingSources:
			if err := st.SetSourceStatus(ctx, s.ID, tipwire.StatusGone); err != nil {
				t.Fatal(err)
			}
		case i == failingSources+1:
			continue // never checked
		}
		if err := st.SaveState(ctx, s.ID, state); err != nil {
			t.Fatal(err)
		}
	}
	key := saveStory(t, st, now)
	h := publish.NewHandler(st, publish.Options{
		Title: "tipwire: human trafficking news", Topics: topics, Counts: st, Ready: st.Ping,
		SourceList: polledStore{st}, Stories: st, Tags: st, Now: func() time.Time { return now },
		CountryName: func(code string) (string, bool) { return map[string]string{"KH": "Cambodia"}[code], code == "KH" },
	}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, key
}

func fixtureSources() []tipwire.Source {
	var out []tipwire.Source
	for i := range 30 {
		q := fmt.Sprintf("%%22human+trafficking%%22+OR+%%22trafic+d%%27%%C3%%AAtres+humains%%22+OR+%%22trata+de+personas%%22+OR+%%22perdagangan+orang%%22+site:news-%d.example.org+when:7d", i)
		out = append(out, tipwire.Source{
			URL:    "https://news.google.com/rss/search?q=" + q + "&hl=en-US&gl=US&ceid=US:en&oc=11&utm_source=tipwire&utm_medium=rss&utm_campaign=trafficking-monitoring-" + strings.Repeat("x", i),
			Name:   fmt.Sprintf("Google News: human trafficking OR trafic d'êtres humains OR trata de personas, outlet %d", i),
			Origin: tipwire.OriginConfig,
		})
	}
	return out
}

// saveStory stores one story carried by three outlets (two merged into the
// first by its canonical URL) and returns its key.
func saveStory(t *testing.T, st *store.Store, now time.Time) string {
	t.Helper()
	link := "https://news.example.org/asia/2026/12/police-free-40-workers-from-a-scam-compound-in-sihanoukville-after-a-months-long-investigation"
	var copies []tipwire.Item
	for _, outlet := range []string{"Mekong Wire", "Phnom Penh Post", "Asia Desk Weekly Investigations"} {
		copies = append(copies, tipwire.Item{
			GUID: "scam-" + outlet, Link: link, CanonicalURL: link, Outlet: outlet,
			Title:     "Police free 40 workers from a scam compound in Sihanoukville",
			Summary:   "<p>Victims of <b>human trafficking</b> were forced to run online scams.</p>",
			Published: now.Add(-30 * time.Hour), FirstSeen: now.Add(-2 * time.Hour),
			Tags: []string{"KH", "forced-criminality", "rescue"},
			Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking", "traffick*"}, Score: 4.5,
				Reason: `score 4.50 ≥ threshold 3: "human trafficking" (summary) +3.00, "traffick*" (summary) +1.50`}},
		})
	}
	for _, c := range copies {
		if _, err := st.SaveItems(context.Background(), []tipwire.Item{c}); err != nil {
			t.Fatal(err)
		}
	}
	items, err := st.Items(context.Background(), tipwire.ItemQuery{})
	if err != nil || len(items) != 1 {
		t.Fatalf("stored %d stories (%v), want 1", len(items), err)
	}
	return items[0].Key
}

// noOverflow is the check of a width: the document is no wider than the
// window, and no element of the page reaches past its right edge (which
// overflow: hidden would clip without widening the document).
const noOverflow = `(() => {
	const w = window.innerWidth, out = [];
	if (document.documentElement.scrollWidth > w) out.push("document " + document.documentElement.scrollWidth + " > " + w);
	for (const e of document.querySelectorAll("body *")) {
		const r = e.getBoundingClientRect();
		if (r.width > 0 && r.right > w + 1) out.push(e.tagName + "." + e.className + " right " + Math.round(r.right));
	}
	return out.slice(0, 10).join("; ");
})()`

// checkFits loads url at every viewport width, requires it to fit, and
// saves a screenshot per width named after shot.
func checkFits(t *testing.T, ctx context.Context, url, shot string, more func(t *testing.T, width int64)) {
	dir := artifactsDir(t)
	console := watchConsole(t, ctx)
	for _, vp := range viewports {
		opts := []chromedp.EmulateViewportOption{}
		if vp.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
		}
		err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...),
			chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("footer")))
		if err != nil {
			t.Fatalf("%s at %s px: %v", url, vp.name, err)
		}
		inner, err := chromedp.Run(ctx, chromedp.Evaluate[int64]("window.innerWidth"))
		if err != nil || inner != vp.width {
			t.Errorf("%s px: innerWidth %d (%v): the page does not lay out at the device width", vp.name, inner, err)
		}
		if over, err := chromedp.Run(ctx, chromedp.Evaluate[string](noOverflow)); err != nil || over != "" {
			t.Errorf("%s at %s px overflows horizontally (%v): %s", url, vp.name, err, over)
		}
		if more != nil {
			more(t, vp.width)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, shot+"-"+vp.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if problems := console.take(); len(problems) > 0 {
			t.Errorf("%s at %s px: the console reported:\n%s", url, vp.name, strings.Join(problems, "\n"))
		}
	}
	t.Logf("screenshots in %s", dir)
}

func TestSourcesPageFitsAndMarksFailures(t *testing.T) {
	ctx := newBrowser(t)
	now := time.Now().UTC().Truncate(time.Second)
	srv, _ := newHealthServer(t, now)
	checkFits(t, ctx, srv.URL+"/sources", "sources", func(t *testing.T, width int64) {
		// Failing sources come first, each marked by a badge naming the
		// error category and a red edge that ok sources do not have.
		classes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("li.source")].map(e => e.className + "|" + e.querySelector(".status").innerText + "|" + getComputedStyle(e).borderLeftColor)`))
		if err != nil || len(classes) != 30 {
			t.Fatalf("%d px: %d sources listed (%v), want 30", width, len(classes), err)
		}
		okEdge := ""
		for i, c := range classes {
			parts := strings.Split(c, "|")
			failing := strings.Contains(parts[0], "failing")
			if failing != (i < failingSources) || failing && !strings.HasPrefix(parts[1], "failing: ") {
				t.Errorf("%d px: source %d is %q, want the first %d marked failing with a category", width, i, c, failingSources)
			}
			if strings.Contains(parts[0], " ok") {
				okEdge = parts[2]
			}
		}
		if failEdge := strings.Split(classes[0], "|")[2]; okEdge == "" || failEdge == okEdge {
			t.Errorf("%d px: failing edge %q, ok edge %q: no visual cue", width, failEdge, okEdge)
		}
		// The full error opens on demand and still fits.
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("li.source.failing details.error summary")),
			chromedp.WaitVisible(chromedp.CSS("li.source.failing details.error[open] p")))
		if err != nil {
			t.Fatalf("%d px: open the error: %v", width, err)
		}
		if over, err := chromedp.Run(ctx, chromedp.Evaluate[string](noOverflow)); err != nil || over != "" {
			t.Errorf("%d px: the opened error overflows (%v): %s", width, err, over)
		}
	})
}

func TestStoryPageFits(t *testing.T) {
	ctx := newBrowser(t)
	now := time.Now().UTC().Truncate(time.Second)
	srv, key := newHealthServer(t, now)
	checkFits(t, ctx, srv.URL+"/stories/"+key, "story", func(t *testing.T, width int64) {
		for sel, want := range map[string]string{
			"h1":            "Police free 40 workers from a scam compound in Sihanoukville",
			".outlet-list":  "Asia Desk Weekly Investigations",
			".matches":      `"human trafficking" (summary) +3.00`,
			".tags":         "Cambodia",
			".outlet-list ": "merged: same canonical URL",
		} {
			got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
			if err != nil || !strings.Contains(got, want) {
				t.Errorf("%d px: %s shows %q (%v), want %q", width, sel, got, err, want)
			}
		}
		n, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".outlet-list li")))
		if err != nil || len(n) != 3 {
			t.Errorf("%d px: %d outlets (%v), want 3", width, len(n), err)
		}
	})
	// The home page links the story page, and the chip its country's page.
	// A click only starts a navigation: RunResponse waits for the page it
	// opens to load, where a wait for an element could be satisfied by the
	// page being left.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open the home page: %v", err)
	}
	follow := func(link, want string) {
		t.Helper()
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(link)))
		if err != nil {
			t.Fatalf("follow %s: %v", link, err)
		}
		if resp.URL != srv.URL+want || resp.Status != 200 {
			t.Fatalf("%s led to %s (status %d), want %s", link, resp.URL, resp.Status, want)
		}
	}
	follow(".items .item a.story", "/stories/"+key)
	if n, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".outlet-list li"))); err != nil || len(n) != 3 {
		t.Errorf("the story page the link opened lists %d outlets (%v), want 3", len(n), err)
	}
	follow(`.tags a[href="/countries/KH"]`, "/countries/KH")
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || h1 != "Cambodia" {
		t.Errorf("country chip led to a page headed %q (%v)", h1, err)
	}
}
