package fetcher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

func TestFeedLinks(t *testing.T) {
	base, _ := url.Parse("https://site.example/blog/post")
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"rss, atom and json in order, relative resolved",
			`<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">
			<link rel="stylesheet" href="/s.css"><LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml">
			<link rel="alternate" type="application/feed+json" href="https://other.example/feed.json#x"></head></html>`,
			[]string{"https://site.example/feed.xml", "https://site.example/blog/atom.xml", "https://other.example/feed.json"}},
		{"base href and duplicates",
			`<base href="https://cdn.example/x/"><link rel="alternate" type="application/rss+xml" href="rss">
			<link rel="alternate" type="application/rss+xml" href="rss">`,
			[]string{"https://cdn.example/x/rss"}},
		{"not feeds: other types, other rels, other schemes, empty href",
			`<link rel="alternate" type="text/html" href="/fr/"><link rel="icon" type="application/rss+xml" href="/i">
			<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="">`,
			nil},
		{"not HTML at all", "\x00\x01 plain bytes", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FeedLinks([]byte(tt.doc), base); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<!doctype html><title>Site</title><link rel="alternate" type="application/atom+xml" href="/atom">`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	got, err := New(Options{AllowPrivateNetworks: true}, nil).Discover(ctx, srv.URL+"/")
	if err != nil || !slices.Equal(got, []string{srv.URL + "/atom"}) {
		t.Errorf("Discover = %q, %v", got, err)
	}
	if _, err := New(Options{AllowPrivateNetworks: true}, nil).Discover(ctx, srv.URL+"/missing"); CategoryOf(err) != CategoryHTTPStatus {
		t.Errorf("404 page: %v, want an http_status error", err)
	}
	if _, err := New(Options{}, nil).Discover(ctx, srv.URL+"/"); CategoryOf(err) != CategoryBlocked {
		t.Errorf("loopback page with the guard on: %v, want blocked", err)
	}
}
