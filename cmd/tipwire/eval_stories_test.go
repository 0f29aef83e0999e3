package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEvalStoriesDev is the acceptance test of story clustering: replayed
// through the pipeline, the labelled dev set's reports of one event become
// one story for most multi-outlet events, and no story holds two events.
func TestEvalStoriesDev(t *testing.T) {
	code, out, stderr := runTipwire(t, "eval", "--stories", "../../testdata/stories-dev.jsonl", "--min-unified", strconv.FormatFloat(minUnifiedDev, 'f', -1, 64))
	t.Logf("tipwire eval --stories:\n%s", out)
	m := regexp.MustCompile(`events unified (\d+)/28 \([0-9.]+ %\), split \d+, falsely merged (\d+)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary line for the 28 multi-outlet events (exit %d, stderr %s)", code, stderr)
	}
	unified, _ := strconv.Atoi(m[1])
	if m[2] != "0" || !strings.Contains(out, "different events in one story 0 ") {
		t.Errorf("%s events falsely merged, want 0", m[2])
	}
	if float64(unified)/28 < minUnifiedDev {
		t.Errorf("%d of 28 multi-outlet events unified, want at least %.0f %%", unified, 100*minUnifiedDev)
	}
	if code != exitOK {
		t.Errorf("exit %d, want %d; stderr %s", code, exitOK, stderr)
	}
}

// minUnifiedDev is the share of the dev set's multi-outlet events that
// must become one story.
const minUnifiedDev = 0.85

func TestEvalStoriesReportsFalseMerges(t *testing.T) {
	// Two outlets' copies of one wire text labelled as two events: the
	// store merges them, and eval must call it a false merge and fail.
	lead := "Police in the border town of Mae Sot rescued 23 women, including six minors, from a brothel on Tuesday in one of the largest trafficking raids this year, officials said."
	lines := []string{
		`{"id":"a","title":"Thai police free 23 trafficking victims from Mae Sot brothel","summary":"` + lead + `","link":"https://a.example/1","source":"A","published":"2026-11-26","language":"en","cluster":"one"}`,
		`{"id":"b","title":"Thai police free 23 trafficking victims from Mae Sot brothel","summary":"` + lead + `","link":"https://b.example/2","source":"B","published":"2026-11-26","language":"en","cluster":"two"}`,
	}
	path := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runTipwire(t, "eval", "--stories", path)
	if code != exitFail || !strings.Contains(out, "falsely merged 2") || !strings.Contains(out, "a (one) + b (two; ") {
		t.Errorf("exit %d, want %d and the false merge named:\n%s", code, exitFail, out)
	}
}

func TestEvalStoriesBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(path, []byte(`{"id":"a","title":"x","link":"https://a.example/","published":"26 Nov"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runTipwire(t, "eval", "--stories", path)
	if code != exitFail || !strings.Contains(stderr, "stories.jsonl:1: id, link and cluster are required") {
		t.Errorf("exit %d, stderr %q; want the bad line named", code, stderr)
	}
}
