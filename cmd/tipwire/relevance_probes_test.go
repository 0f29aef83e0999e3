package main

import (
	"regexp"
	"strconv"
	"testing"
)

// TestEvalRelevanceProbes holds the default topic's figures on the probes:
// reports and hard negatives written as each language's press phrases them,
// in held-out rounds, so an edit that loses a language or lets a false
// friend through fails here.
func TestEvalRelevanceProbes(t *testing.T) {
	code, out, stderr := runTipwire(t, "eval", "--labels", "../../testdata/relevance-probes.jsonl",
		"--min-precision", "0.98", "--min-recall", "0.95")
	if code != exitOK {
		t.Fatalf("eval exit %d, stderr %s\n%s", code, stderr, out)
	}
	m := regexp.MustCompile(`topic trafficking: 496 items, 239 relevant\n  precision ([0-9.]+)  recall ([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no trafficking line for the 496 probes in:\n%s", out)
	}
	p, _ := strconv.ParseFloat(m[1], 64)
	r, _ := strconv.ParseFloat(m[2], 64)
	if p < 0.98 || r < 0.95 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.98 and 0.95", p, r)
	}
}
