package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestEvalStoriesProbes replays the constructed held-out probes, written
// apart from the rules and mostly look-alikes of one another (the same
// defendants' next hearing, the same navy's next rescue, the same count
// in another country's report): no story may hold two events, and the
// share of multi-outlet events unified must not fall.
func TestEvalStoriesProbes(t *testing.T) {
	_, out, stderr := runTipwire(t, "eval", "--stories", "../../testdata/stories-probes.jsonl")
	t.Logf("tipwire eval --stories:\n%s", out)
	m := regexp.MustCompile(`events unified (\d+)/26 \([0-9.]+ %\), split \d+, falsely merged (\d+)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary line for the 26 multi-outlet probe events (stderr %s)", stderr)
	}
	unified, _ := strconv.Atoi(m[1])
	if m[2] != "0" || !strings.Contains(out, "different events in one story 0 ") {
		t.Errorf("%s events falsely merged, want 0", m[2])
	}
	if unified < minUnifiedProbes {
		t.Errorf("%d of 26 multi-outlet probe events unified, want at least %d", unified, minUnifiedProbes)
	}
}

// minUnifiedProbes is how many of the probes' 26 multi-outlet events must
// become one story.
const minUnifiedProbes = 6
