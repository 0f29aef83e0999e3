package publish

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/tipwire/tipwire"
)

// fakeLister is an in-memory ItemLister that filters like the store: by
// topic, newest first as given, up to Limit. It records the queries it got.
type fakeLister struct {
	items []tipwire.Item
	err   error

	mu      sync.Mutex
	queries []tipwire.ItemQuery
}

func (f *fakeLister) Items(_ context.Context, q tipwire.ItemQuery) ([]tipwire.Item, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var out []tipwire.Item
	for _, it := range f.items {
		if q.Topic == "" || slices.ContainsFunc(it.Matches, func(m tipwire.Match) bool { return m.Topic == q.Topic }) {
			out = append(out, it)
		}
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeLister) lastQuery() tipwire.ItemQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries[len(f.queries)-1]
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	keyScam   = "0123456789abcdef0123456789abcdef"
	keyRescue = "fedcba9876543210fedcba9876543210"
)

var testTopics = []tipwire.Topic{
	{Name: "trafficking", Title: "Human trafficking news"},
	{Name: "cambodia", Title: "Cambodia"},
}

// testItems returns two stored items, newest first: one carried by two
// outlets and matching two topics, one from the seed corpus without a link.
func testItems() []tipwire.Item {
	return []tipwire.Item{
		{
			Key:       keyScam,
			Link:      "https://news.example.org/asia/cambodia-scam?id=1",
			Title:     "Thousands held in Cambodian scam compounds, UN says",
			Summary:   "<p>Thousands of people are held in <b>scam compounds</b> &amp; forced to defraud strangers.</p>",
			Author:    "Jane Reporter",
			Published: at("2025-01-10T08:00:00+07:00"),
			Updated:   at("2025-01-10T09:30:00Z"),
			FirstSeen: at("2025-01-10T10:00:00Z"),
			Outlets: []tipwire.Outlet{
				{SourceID: 1, Name: "Example Wire", Link: "https://news.example.org/asia/cambodia-scam?id=1", SeenAt: at("2025-01-10T10:00:00Z")},
				{SourceID: 2, Name: "Mekong Daily", Link: "https://mekong.example.com/story/42", SeenAt: at("2025-01-10T11:15:00Z")},
			},
			Matches: []tipwire.Match{
				{Topic: "trafficking", Terms: []string{"human trafficking", "forced labour"}, Score: 2.5},
				{Topic: "cambodia", Terms: []string{"Cambodia"}, Score: 1,
					Reason: `score 1.00 ≥ threshold 1: "Cambodia" (title) +1.00, <seed> +0.00`},
			},
		},
		{
			Key:       keyRescue,
			Title:     "Rescued workers return home",
			Summary:   "Forty workers trafficked abroad returned on Monday.",
			Published: at("2025-01-09T07:00:00Z"),
			Updated:   at("2025-01-09T07:00:00Z"),
			FirstSeen: at("2025-01-09T12:00:00Z"),
			Outlets:   []tipwire.Outlet{{Name: "seed corpus", SeenAt: at("2025-01-09T12:00:00Z")}},
			Matches:   []tipwire.Match{{Topic: "trafficking", Terms: []string{"traffick*"}, Score: 1}},
		},
	}
}

// hostileItem carries markup, CDATA terminators, control characters, invalid
// UTF-8 and script links in every text field.
func hostileItem() tipwire.Item {
	const nasty = "<script>alert(1)</script> ]]> \x00\x01\x08\x0b\x1b\uFFFE bad\xff\xfe utf8 & \"quotes\" 'single'"
	return tipwire.Item{
		Key:       "00000000000000000000000000000bad",
		Link:      "javascript:alert(1)",
		Title:     nasty,
		Summary:   "<p>ok</p>]]><![CDATA[ \x00 <img src=x onerror=alert(1)><script>alert(2)</script>",
		Author:    nasty,
		Published: at("2025-01-08T00:00:00Z"),
		FirstSeen: at("2025-01-08T00:00:00Z"),
		Outlets: []tipwire.Outlet{
			{Name: nasty, Link: "javascript:alert(3)"},
			{Name: "Fine outlet", Link: "https://fine.example.net/a?x=1&y=<2>"},
		},
		Matches: []tipwire.Match{{Topic: "trafficking", Terms: []string{nasty}}},
	}
}

func testOptions() Options {
	return Options{
		BaseURL: "http://tipwire.test/",
		Topics:  testTopics,
		Now:     func() time.Time { return at("2025-02-01T00:00:00Z") },
		Cache:   true, // as tipwire serves them
	}
}
