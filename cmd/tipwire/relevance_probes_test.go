package main

import "testing"

// TestEvalRelevanceProbes holds the default topic's figures on the probes:
// reports and hard negatives written as each language's press phrases them,
// in held-out rounds, so an edit that loses a language or lets a false
// friend through fails here.
func TestEvalRelevanceProbes(t *testing.T) {
	evalRelevance(t, "../../testdata/relevance-probes.jsonl", 496, 239, 0.98, 0.95)
}
