package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tipwire/tipwire"
)

// runTipwire runs the command line with the shipped config (no environment).
func runTipwire(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, stopSignals: func() {}}
	code := e.main(context.Background(), args)
	return code, out.String(), errb.String()
}

// TestEvalRelevanceDev is the acceptance test of the default topic: on the
// labelled dev set, precision at least 0.95 and recall at least 0.90.
func TestEvalRelevanceDev(t *testing.T) {
	evalRelevance(t, "../../testdata/relevance-dev.jsonl", 68, 22, 0.95, 0.90)
}

// evalRelevance runs eval on a labelled file of n items (relevant of them
// labelled relevant) and fails below minP precision or minR recall, both
// by eval's own exit code and by the figures it prints.
func evalRelevance(t *testing.T, file string, n, relevant int, minP, minR float64) {
	t.Helper()
	code, out, stderr := runTipwire(t, "eval", "--labels", file,
		"--min-precision", strconv.FormatFloat(minP, 'f', -1, 64), "--min-recall", strconv.FormatFloat(minR, 'f', -1, 64))
	t.Logf("tipwire eval:\n%s", out)
	if code != exitOK {
		t.Fatalf("eval exit %d, stderr %s", code, stderr)
	}
	m := regexp.MustCompile(fmt.Sprintf(`topic trafficking: %d items, %d relevant\n  precision ([0-9.]+)  recall ([0-9.]+)`, n, relevant)).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no trafficking line for the %d items of %s in:\n%s", n, file, out)
	}
	p, _ := strconv.ParseFloat(m[1], 64)
	r, _ := strconv.ParseFloat(m[2], 64)
	if p < minP || r < minR {
		t.Errorf("precision %.3f, recall %.3f; want at least %.2f and %.2f", p, r, minP, minR)
	}
}

func TestEvalFailsBelowTheBar(t *testing.T) {
	code, out, _ := runTipwire(t, "eval", "--labels", "../../testdata/relevance-dev.jsonl", "--min-recall", "1")
	if code != exitFail || !strings.Contains(out, "missed (labelled relevant, not matched):\n    rel-") {
		t.Errorf("eval with --min-recall 1: exit %d, want %d and the missed items listed:\n%s", code, exitFail, out)
	}
}

func TestEvalBadLabels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.jsonl")
	if err := os.WriteFile(path, []byte(`{"id":"a","title":"x","label":"relevant"}`+"\n"+`{"id":"b","title":"y","label":"maybe"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runTipwire(t, "eval", "--labels", path)
	if code != exitFail || !strings.Contains(stderr, `labels.jsonl:2: label must be relevant or irrelevant, got "maybe"`) {
		t.Errorf("exit %d, stderr %q; want the line of the bad label", code, stderr)
	}
	if code, _, _ := runTipwire(t, "eval"); code != exitConfig {
		t.Errorf("eval without --labels: exit %d, want %d", code, exitConfig)
	}
}

func TestCheckFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(path, []byte(e2eRSS), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runTipwire(t, "check", path)
	if code != exitOK {
		t.Fatalf("check exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Police rescue 40 victims of human trafficking in Phnom Penh\n",
		"  MATCH trafficking ",
		`"human traffick*" (title) +6.75`,
		"Police seize cocaine in drug trafficking bust\n",
		`  no    trafficking        0.00  "traffick*" occurs only in excluded context`,
		"3 items, 2 matched a topic\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runTipwire(t, "check"); code != exitConfig {
		t.Errorf("check without an argument: exit %d, want %d", code, exitConfig)
	}
}

// TestRematchWhenTopicsChange stores items under one topic set, then opens
// the same database with another: the start re-matches the stored items.
func TestRematchWhenTopicsChange(t *testing.T) {
	cfg, err := parseConfig(tipwire.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB = filepath.Join(t.TempDir(), "tipwire.db")
	cfg.Seeds, cfg.Log.Level = false, "error"
	cfg.Topics = []TopicConfig{{Name: "fishing", Any: []string{"trawler*"}}}
	ctx := context.Background()
	items := []tipwire.Item{
		{GUID: "a", Title: "Trawler crews held in debt bondage"},
		{GUID: "b", Title: "Scam compound raided in Sihanoukville"},
	}
	a := openTestApp(t, cfg)
	if _, err := a.daemon.SaveCorpus(ctx, items); err != nil {
		t.Fatal(err)
	}
	a.close()

	cfg.Topics = []TopicConfig{{Name: "scams", Any: []string{"scam compound*"}}}
	b := openTestApp(t, cfg)
	defer b.close()
	got, err := b.store.Items(ctx, tipwire.ItemQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != items[1].Title || got[0].Matches[0].Topic != "scams" {
		t.Errorf("after the topic change the feed holds %+v, want only the scam compound story", got)
	}
	code, out, stderr := runTipwire(t, "--config", writeConfig(t, cfg), "rematch")
	// Tags are already the tagger's (the start re-tagged nothing new).
	if code != exitOK || out != "2 items re-tagged: 0 changed tags\n2 items re-matched: 0 changed topics, 1 match at least one topic\n" {
		t.Errorf("rematch: exit %d, output %q, stderr %q", code, out, stderr)
	}
}

func openTestApp(t *testing.T, cfg Config) *app {
	t.Helper()
	var stderr bytes.Buffer
	a, err := openApp(context.Background(), &env{stderr: &stderr}, cfg)
	if err != nil {
		t.Fatalf("openApp: %v (%s)", err, stderr.String())
	}
	return a
}

// writeConfig writes a minimal config file with cfg's database and topics.
func writeConfig(t *testing.T, cfg Config) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("db: " + strconv.Quote(cfg.DB) + "\nseeds: false\ntopics:\n")
	for _, tp := range cfg.Topics {
		b.WriteString("  - name: " + tp.Name + "\n    any: [")
		for i, a := range tp.Any {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(a))
		}
		b.WriteString("]\n")
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
