package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/store"
)

// tagRuleRSS has one story about Cambodia that never names the country
// (only the tagger's gazetteer knows Phnom Penh is in it) and one about
// Thailand.
const tagRuleRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mekong Wire</title><link>https://mekong.example/</link><description>d</description>
<item><title>Trafficking suspects held in Phnom Penh</title><link>https://mekong.example/pp</link><guid>pp</guid>
<description>Police detained four people accused of trafficking.</description></item>
<item><title>Trafficking suspects held in Bangkok</title><link>https://mekong.example/bkk</link><guid>bkk</guid>
<description>Police detained four people accused of trafficking.</description></item>
</channel></rss>`

// TestTagRuleSameVerdictEverywhere: a rule that tests a computed tag gives
// the same verdict in check, eval and a real fetch by the daemon.
func TestTagRuleSameVerdictEverywhere(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, tagRuleRSS)
	}))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "tipwire.db")
	config := writeFile(t, dir, "config.yaml", fmt.Sprintf(`db: %q
seeds: false
log: {level: error}
fetch: {allow_private_networks: true}
sources: [{url: %q, name: Mekong Wire}]
topics:
  - name: cambodia
    rule: "tag:KH AND traffick*"
`, db, srv.URL))

	code, out, stderr := runTipwire(t, "--config", config, "check", writeFile(t, dir, "feed.xml", tagRuleRSS))
	if code != exitOK || !strings.Contains(out, "2 items, 1 matched a topic\n") ||
		!strings.Contains(out, "Phnom Penh\n  https://mekong.example/pp\n  tags: KH") {
		t.Errorf("check: exit %d, stderr %q, output:\n%s", code, stderr, out)
	}

	labels := writeFile(t, dir, "labels.jsonl",
		`{"id":"pp","title":"Trafficking suspects held in Phnom Penh","label":"relevant"}`+"\n"+
			`{"id":"bkk","title":"Trafficking suspects held in Bangkok","label":"irrelevant"}`+"\n")
	code, out, stderr = runTipwire(t, "--config", config, "eval", "--labels", labels)
	if code != exitOK || !strings.Contains(out, "(tp 1, fp 0, fn 0, tn 1)") {
		t.Errorf("eval: exit %d, stderr %q, output:\n%s", code, stderr, out)
	}

	if code, out, stderr = runTipwire(t, "--config", config, "fetch"); code != exitOK {
		t.Fatalf("fetch: exit %d, stderr %q, output:\n%s", code, stderr, out)
	}
	st, err := store.Open(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Items(context.Background(), tipwire.ItemQuery{Topic: "cambodia"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Trafficking suspects held in Phnom Penh" {
		t.Errorf("daemon stored %d matching items (%+v), want the Phnom Penh story only", len(got), got)
	}

	// rematch classifies the stored items the same way.
	code, out, _ = runTipwire(t, "--config", config, "rematch")
	if code != exitOK || !strings.HasSuffix(out, "2 items re-matched: 0 changed topics, 1 match at least one topic\n") {
		t.Errorf("rematch: exit %d, output %q", code, out)
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
