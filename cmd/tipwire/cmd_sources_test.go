package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/opml"
)

// siteServer serves a site whose home page links to its feed, a page that
// links to none, and a second feed.
func siteServer(t *testing.T) *httptest.Server {
	t.Helper()
	rss := func(title string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + title + `</title><link>https://x.example/</link>
<item><title>a story</title><guid>1</guid><link>https://x.example/1</link></item></channel></rss>`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<!doctype html><html><head><title>Site</title>
<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml"></head><body>hello</body></html>`)
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<!doctype html><html><head><title>No feed</title></head><body>nothing</body></html>`)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, rss("Site News")) })
	mux.HandleFunc("/other.xml", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, rss("Other")) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func sourcesConfig(t *testing.T) Config {
	t.Helper()
	cfg, err := parseConfig(tipwire.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB = filepath.Join(t.TempDir(), "tipwire.db")
	cfg.Seeds = false
	cfg.Fetch.AllowPrivateNetworks = true
	cfg.Log.Level = "error"
	return cfg
}

// runSources runs `tipwire sources ARGS...` and returns its exit code,
// stdout and stderr.
func runSources(t *testing.T, cfg Config, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	fs := flag.NewFlagSet("tipwire sources", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	code := cmdSources(context.Background(), &env{stdout: &out, stderr: &errOut}, cfg, fs)
	return code, out.String(), errOut.String()
}

func TestSourcesCommands(t *testing.T) {
	srv := siteServer(t)
	cfg := sourcesConfig(t)
	cfg.Sources = []SourceConfig{{URL: srv.URL + "/configured.xml", Name: "From config"}}
	feed := srv.URL + "/feed.xml"

	step := func(wantCode int, wantOut string, args ...string) string {
		t.Helper()
		code, out, errOut := runSources(t, cfg, args...)
		if code != wantCode || !strings.Contains(out+errOut, wantOut) {
			t.Errorf("sources %v: exit %d, output %q %q; want exit %d and %q", args, code, out, errOut, wantCode, wantOut)
		}
		return out
	}
	step(exitOK, "added 2 "+feed+" (Site News)", "add", srv.URL+"/") // discovered from the site's page
	step(exitOK, "already polled: 2 "+feed, "add", feed)
	step(exitFail, "links to no feed", "add", srv.URL+"/plain")
	step(exitOK, "added 3 "+srv.URL+"/down.xml", "add", "--no-check", srv.URL+"/down.xml")

	list := step(exitOK, "LAST ERROR", "list", "--wide")
	for _, want := range []string{"configured.xml", feed, "From config", "new"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}

	opmlFile := filepath.Join(t.TempDir(), "in.opml")
	var doc bytes.Buffer
	if err := opml.Write(&doc, "mine", time.Time{}, []opml.Outline{
		{Title: "Site", XMLURL: feed}, {Title: "Other", XMLURL: srv.URL + "/other.xml"}, {Title: "Bad", XMLURL: "ftp://x.example/"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(opmlFile, doc.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	step(exitOK, "1 added, 1 already polled, 1 invalid", "import", opmlFile)

	step(exitFail, "listed in config.yaml", "remove", srv.URL+"/configured.xml")
	step(exitOK, "removed 3 ", "remove", "3")
	step(exitOK, "already removed", "remove", srv.URL+"/down.xml")
	if list := step(exitOK, "ID", "list", "--wide"); strings.Contains(list, "/down.xml") {
		t.Errorf("removed source still listed:\n%s", list)
	}

	exported, err := opml.Parse(strings.NewReader(step(exitOK, "<opml", "export")))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, o := range exported {
		urls = append(urls, o.XMLURL)
	}
	want := srv.URL + "/configured.xml " + feed + " " + srv.URL + "/other.xml"
	if strings.Join(urls, " ") != want {
		t.Errorf("export = %v, want %s", urls, want)
	}
	step(exitOK, "added 3 "+srv.URL+"/down.xml", "add", "--no-check", srv.URL+"/down.xml") // a removed source comes back
	step(exitConfig, "unknown subcommand", "frobnicate")
}

// TestSourcesAddBlocked checks that a source the SSRF guard refuses is
// explained by its config key, without suggesting --no-check: the source
// would stay blocked.
func TestSourcesAddBlocked(t *testing.T) {
	srv := siteServer(t)
	cfg := sourcesConfig(t)
	cfg.Fetch.AllowPrivateNetworks = false
	code, out, errOut := runSources(t, cfg, "add", srv.URL+"/feed.xml")
	if code != exitFail || out != "" || !strings.Contains(errOut, "fetch.allow_private_networks: true") ||
		strings.Contains(errOut, "--no-check") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 naming fetch.allow_private_networks, no --no-check",
			code, out, errOut)
	}
}
