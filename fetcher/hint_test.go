package fetcher

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hintFeed returns an RSS 2.0 document whose channel carries extra.
func hintFeed(extra string) string {
	return `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">` +
		`<channel><title>T</title><link>https://h.example/</link>` + extra +
		`<item><title>A</title><link>https://h.example/a</link></item></channel></rss>`
}

func TestNextCheckHint(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	noDate := map[string]string{"Date": ""} // the injected clock is then the reference
	tests := []struct {
		name    string
		headers map[string]string
		channel string
		want    time.Duration
	}{
		{"no hint", noDate, "", 0},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=600, must-revalidate"}, "", 10 * time.Minute},
		{"max-age less age", map[string]string{"Cache-Control": "max-age=600", "Age": "100"}, "", 500 * time.Second},
		{"age beyond max-age", map[string]string{"Cache-Control": "max-age=60", "Age": "100"}, "", 0},
		{"quoted max-age", map[string]string{"Cache-Control": `max-age="120"`}, "", 2 * time.Minute},
		{"no-cache ignored", map[string]string{"Cache-Control": "no-cache, max-age=600"}, "", 0},
		{"no-store ignored", map[string]string{"Cache-Control": "no-store", "Expires": "Wed, 01 May 2024 11:00:00 GMT"}, "", 0},
		{"max-age beats expires", map[string]string{"Cache-Control": "max-age=60",
			"Expires": "Wed, 01 May 2024 11:00:00 GMT"}, "", time.Minute},
		{"expires against date", map[string]string{"Expires": "Wed, 01 May 2024 10:30:00 GMT",
			"Date": "Wed, 01 May 2024 10:00:00 GMT"}, "", 30 * time.Minute},
		{"expires against clock", map[string]string{"Expires": "Wed, 01 May 2024 10:15:00 GMT", "Date": ""}, "", 15 * time.Minute},
		{"expires zero", map[string]string{"Expires": "0"}, "", 0},
		{"expires past", map[string]string{"Expires": "Wed, 01 May 2024 09:00:00 GMT", "Date": ""}, "", 0},
		{"ttl minutes", noDate, "<ttl>90</ttl>", 90 * time.Minute},
		{"ttl garbage", noDate, "<ttl>soon</ttl>", 0},
		{"sy period and frequency", noDate, "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", 30 * time.Minute},
		{"sy period only", noDate, "<sy:updatePeriod> daily </sy:updatePeriod>", 24 * time.Hour},
		{"sy frequency only", noDate, "<sy:updateFrequency>4</sy:updateFrequency>", 6 * time.Hour},
		{"sy unknown period", noDate, "<sy:updatePeriod>fortnightly</sy:updatePeriod>", 0},
		{"largest wins: ttl", map[string]string{"Cache-Control": "max-age=600"}, "<ttl>60</ttl>", time.Hour},
		{"largest wins: header", map[string]string{"Cache-Control": "max-age=7200"},
			"<ttl>60</ttl><sy:updatePeriod>hourly</sy:updatePeriod>", 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header()[k] = []string{v}
				}
				io.WriteString(w, hintFeed(tt.channel))
			}))
			defer srv.Close()
			f := newTestFetcher(t, Options{Now: func() time.Time { return now }})
			res, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if res.NextCheckHint != tt.want {
				t.Errorf("NextCheckHint = %v, want %v", res.NextCheckHint, tt.want)
			}
		})
	}
}

// TestNextCheckHintNotModified: a 304 has no body, so only headers count.
func TestNextCheckHintNotModified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=300")
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	res, err := newTestFetcher(t, Options{}).Fetch(context.Background(), Request{URL: srv.URL, ETag: `"v1"`})
	if err != nil || !res.NotModified {
		t.Fatalf("got %+v, %v", res, err)
	}
	if res.NextCheckHint != 5*time.Minute {
		t.Errorf("NextCheckHint = %v, want 5m", res.NextCheckHint)
	}
}

// TestNextCheckHintParse covers documents without HTTP headers, Atom
// included (the syndication module is not RSS-only).
func TestNextCheckHintParse(t *testing.T) {
	atom := `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">` +
		`<title>A</title><sy:updatePeriod>weekly</sy:updatePeriod><entry><id>1</id><title>x</title></entry></feed>`
	tests := []struct {
		name, doc string
		want      time.Duration
	}{
		{"rss ttl", hintFeed("<ttl>45</ttl>"), 45 * time.Minute},
		{"atom sy", atom, 7 * 24 * time.Hour},
		{"json feed", jsonFeed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newTestFetcher(t, Options{}).Parse(context.Background(), strings.NewReader(tt.doc), "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if res.NextCheckHint != tt.want {
				t.Errorf("NextCheckHint = %v, want %v", res.NextCheckHint, tt.want)
			}
		})
	}
}

func TestHeaderHintHugeValues(t *testing.T) {
	h := http.Header{"Cache-Control": {"max-age=99999999999999999"}}
	if got := headerHint(h, time.Now()); got != maxHint {
		t.Errorf("headerHint = %v, want the %v bound", got, maxHint)
	}
}
