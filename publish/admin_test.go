package publish

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/tipwire/tipwire"
)

type fakeAdder struct {
	mu    sync.Mutex
	added []tipwire.Source
}

func (f *fakeAdder) AddSource(_ context.Context, src tipwire.Source) (tipwire.Source, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	src.ID = int64(len(f.added) + 1)
	f.added = append(f.added, src)
	return src, nil
}

const testToken = "s3cret-admin-token"

func postForm(h http.Handler, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "http://tipwire.test/sources", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAddSourceNeedsTokenAndSameOrigin(t *testing.T) {
	feed := url.Values{"url": {"https://news.example.org/feed.xml"}, "name": {"Example"}}
	withToken := url.Values{"url": feed["url"], "name": feed["name"], "token": {testToken}}
	bearer := map[string]string{"Authorization": "Bearer " + testToken}
	tests := []struct {
		name   string
		form   url.Values
		header map[string]string
		status int
		added  bool
	}{
		{"no token", feed, nil, 401, false},
		{"wrong token", url.Values{"url": feed["url"], "token": {"guess"}}, nil, 401, false},
		{"wrong bearer", feed, map[string]string{"Authorization": "Bearer guess"}, 401, false},
		{"empty bearer", feed, map[string]string{"Authorization": "Bearer "}, 401, false},
		{"foreign origin with token", withToken, map[string]string{"Origin": "https://evil.example"}, 403, false},
		{"cross-site fetch with bearer", feed, map[string]string{"Authorization": "Bearer " + testToken, "Sec-Fetch-Site": "cross-site"}, 403, false},
		{"form token, same origin", withToken, map[string]string{"Origin": "http://tipwire.test", "Sec-Fetch-Site": "same-origin"}, 303, true},
		{"bearer, no browser headers", feed, bearer, 303, true},
		{"bad url", url.Values{"url": {"javascript:alert(1)"}}, bearer, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adder := &fakeAdder{}
			opts := testOptions()
			opts.AdminToken, opts.Sources = testToken, adder
			w := postForm(NewHandler(&fakeLister{}, opts, nil), tt.form, tt.header)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if got := len(adder.added) == 1; got != tt.added {
				t.Fatalf("added = %v, want %v", adder.added, tt.added)
			}
			if tt.added {
				src := adder.added[0]
				if src.URL != "https://news.example.org/feed.xml" || src.Origin != tipwire.OriginCLI || w.Header().Get("Location") != "/sources" {
					t.Errorf("added %+v, Location %q", src, w.Header().Get("Location"))
				}
			}
		})
	}
}

func TestAddSourceOffWithoutTokenOrStore(t *testing.T) {
	bearer := map[string]string{"Authorization": "Bearer " + testToken}
	form := url.Values{"url": {"https://news.example.org/feed.xml"}}

	opts := testOptions()
	opts.Sources = &fakeAdder{} // but no admin_token: nobody may change state
	if w := postForm(NewHandler(&fakeLister{}, opts, nil), form, bearer); w.Code != 403 {
		t.Errorf("without admin_token: %d, want 403", w.Code)
	}
	opts = testOptions()
	opts.AdminToken = testToken // but nothing to add sources to
	if w := postForm(NewHandler(&fakeLister{}, opts, nil), form, bearer); w.Code != 501 {
		t.Errorf("without a SourceAdder: %d, want 501", w.Code)
	}
}
