package publish

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
)

type fakeCounter struct {
	counts []tipwire.DayCount
	since  time.Time
}

func (f *fakeCounter) MatchesPerDay(_ context.Context, since time.Time) ([]tipwire.DayCount, error) {
	f.since = since
	return f.counts, nil
}

func TestChartOnHomeAndTopicPages(t *testing.T) {
	day := func(s string) time.Time { return at(s + "T00:00:00Z") }
	counter := &fakeCounter{counts: []tipwire.DayCount{
		{Topic: "cambodia", Day: day("2025-01-10"), Count: 2},
		{Topic: "trafficking", Day: day("2025-01-10"), Count: 4},
		{Topic: "trafficking", Day: day("2025-01-31"), Count: 1},
		{Topic: "trafficking", Day: day("2024-01-01"), Count: 99}, // outside the window: ignored
		{Topic: "retired", Day: day("2025-01-31"), Count: 50},     // not a configured topic
	}}
	opts := testOptions() // now is 2025-02-01
	opts.Counts = counter
	h := NewHandler(&fakeLister{items: testItems()}, opts, nil)

	home := do(h, "GET", "/", nil).Body.String()
	if want := day("2024-11-04"); !counter.since.Equal(want) {
		t.Errorf("asked for counts since %s, want %s (90 days including today)", counter.since, want)
	}
	for _, want := range []string{
		`<svg viewBox="0 0 720 180" role="img"`,
		`<polyline class="series s0" points="28,152 `,
		`<title>Human trafficking news: 5 stories</title>`,
		`<title>Cambodia: 2 stories</title>`,
		`Matched stories published in the last 90 days: Human trafficking news: 5, Cambodia: 2; at most 4 on one day.`,
		`Matched stories by day of publication, 4 Nov to 1 Feb 2025`,
		`<span class="key s1">Cambodia (2)</span>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	topic := do(h, "GET", "/topics/cambodia", nil).Body.String()
	if !strings.Contains(topic, `<title>Cambodia: 2 stories</title>`) || strings.Contains(topic, "Human trafficking news: 5") {
		t.Error("topic page must chart its own topic only")
	}
	if search := do(h, "GET", "/?q=scam", nil).Body.String(); strings.Contains(search, "<svg") {
		t.Error("a search result page shows the chart")
	}
}

func TestChartPoints(t *testing.T) {
	c := &chartView{Left: 0, Right: 89, Top: 0, Bottom: 10, Max: 5}
	days := make([]int, chartDays)
	days[0], days[89] = 5, 1
	pts, total := c.points(days)
	if total != 6 || !strings.HasPrefix(pts, "0,0 1,10 ") || !strings.HasSuffix(pts, " 89,8") {
		t.Errorf("points = %q, total %d", pts, total)
	}
}

func TestPagination(t *testing.T) {
	var items []tipwire.Item
	for i := range 7 {
		it := testItems()[1]
		it.Key = fmt.Sprintf("%032x", i)
		it.Title = fmt.Sprintf("Story %d", i)
		items = append(items, it)
	}
	opts := testOptions()
	opts.PageSize = 3
	lister := &offsetLister{fakeLister{items: items}}
	h := NewHandler(lister, opts, nil)
	tests := []struct {
		path          string
		want, notWant []string
	}{
		{"/", []string{"Story 0", "Story 2", `href="/?page=2" rel="next"`}, []string{"Story 3", `rel="prev"`}},
		{"/?page=2", []string{"Story 3", "Story 5", `href="/" rel="prev"`, `href="/?page=3" rel="next"`}, []string{"Story 2", "Story 6"}},
		{"/?page=3", []string{"Story 6", `href="/?page=2" rel="prev"`}, []string{"Story 5", `rel="next"`}},
		{"/?page=9", []string{"No more stories."}, []string{"Story"}},
		{"/topics/trafficking?q=a+b&page=2", []string{`href="/topics/trafficking?q=a&#43;b" rel="prev"`, `href="/topics/trafficking?page=3&amp;q=a&#43;b" rel="next"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			body := do(h, "GET", tt.path, nil).Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %s", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("has %s", w)
				}
			}
		})
	}
}

// offsetLister is a fakeLister that also honours Offset.
type offsetLister struct{ fakeLister }

func (o *offsetLister) Items(ctx context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error) {
	limit := q.Limit
	q.Limit = 0
	all, err := o.fakeLister.Items(ctx, q)
	all = all[min(q.Offset, len(all)):]
	return all[:min(limit, len(all))], err
}

type recordedRequest struct {
	route string
	code  int
}

type fakeObserver struct {
	mu   sync.Mutex
	seen []recordedRequest
}

func (f *fakeObserver) ObserveRequest(route string, code int, _ time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, recordedRequest{route, code})
}

func TestRequestsObservedByRoute(t *testing.T) {
	obs := &fakeObserver{}
	opts := testOptions()
	opts.Observer = obs
	opts.Metrics = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("tipwire_up 1\n")) })
	h := NewHandler(&fakeLister{items: testItems()}, opts, nil)
	for _, p := range []string{"/", "/topics/cambodia.atom", "/no/such/page", "/?page=0", "/metrics"} {
		do(h, "GET", p, nil)
	}
	want := []recordedRequest{
		{"GET /{$}", 200}, {"GET /topics/{file}", 200}, {"unmatched", 404}, {"GET /{$}", 400}, {"GET /metrics", 200},
	}
	if fmt.Sprint(obs.seen) != fmt.Sprint(want) {
		t.Errorf("observed %v, want %v", obs.seen, want)
	}
}

func TestPagesEscapeSearchAndLinkOut(t *testing.T) {
	h, _ := newTestHandler(t, append(testItems(), hostileItem()))
	body := do(h, "GET", `/?q=%3Cscript%3Ealert(1)%3C/script%3E`, nil).Body.String()
	if strings.Contains(body, "<script") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the search term is not escaped")
	}
	// Every outbound link must carry rel="noopener noreferrer".
	for _, line := range strings.Split(body, "<a ") {
		if strings.HasPrefix(line, `href="http`) && !strings.Contains(strings.SplitN(line, ">", 2)[0], `rel="noopener noreferrer"`) {
			t.Errorf("outbound link without rel: <a %s", line)
		}
	}
}

func TestCountryPage(t *testing.T) {
	items := testItems()
	items[0].Tags = []string{"KH", "labour"}
	lister := &fakeLister{items: items}
	opts := taggedOptions()
	opts.Counts = &fakeCounter{}
	h := NewHandler(lister, opts, nil)
	// The country routes belong to countries.go; the page is reached
	// through them, so it is called directly here.
	w := httptest.NewRecorder()
	h.h.serveCountryPage(w, httptest.NewRequest("GET", "/countries/KH?q=scam", nil), "KH", "Cambodia")
	if want := (tipwire.ItemQuery{Tag: "KH", Query: "scam", Limit: DefaultPageSize + 1}); lister.lastQuery() != want {
		t.Errorf("asked %+v, want %+v", lister.lastQuery(), want)
	}
	body := w.Body.String()
	for _, want := range []string{
		"<h1>Search: scam in Cambodia</h1>", `<form class="search" action="/countries/KH"`,
		`<a href="/countries/KH.atom" type="application/atom+xml">Atom</a>`,
		`<a class="tag" href="/countries/KH">Cambodia</a> <a class="tag" href="/tags/labour">Labour exploitation</a>`,
		`<a href="/countries" aria-current="page">Countries</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("country page lacks %s", want)
		}
	}
	first := httptest.NewRecorder()
	h.h.serveCountryPage(first, httptest.NewRequest("GET", "/countries/KH", nil), "KH", "Cambodia")
	if !strings.Contains(first.Body.String(), "<h1>Cambodia</h1>") || strings.Contains(first.Body.String(), "<svg") {
		t.Error("the country page's first page has the wrong heading or a per-topic chart")
	}
}
