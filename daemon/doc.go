// Package daemon is tipwire's orchestrator: it keeps the configured sources in
// the store, runs fetch passes (fetch, match, store, one source at a time per
// worker) and schedules them with robfig/cron. It is the only package that
// knows both the fetcher and the store; they never import each other.
package daemon
