// Package deploy holds the systemd unit (tipwire.service) and the test that
// installs it as README.md documents and runs the binary as the unit's
// unprivileged user would. It has no code: run the test with
// `go test ./deploy` (as root; it skips otherwise, unless $CI is set).
package deploy
