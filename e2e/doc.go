// Package e2e holds tipwire's hostile-world test suite: hostile inputs from
// testdata/hostile (see CASES.jsonl there) and an XSS matrix driven through
// the real fetcher, filters, store and publisher over loopback; network
// faults; SIGKILL crash and restart of the built binary; shutdown; peak
// memory for size attacks; and a fuzz target for parse, sanitise and render.
//
// The package has no non-test code besides this comment: run it with
// `go test ./e2e` (add -short to shrink the slow cases).
package e2e
