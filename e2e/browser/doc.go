// Package browser holds the web console's browser test: a headless Chromium,
// driven with github.com/chromedp/chromedp, loads the pages a real store
// serves and checks what they show and that the console stays clean (no
// errors, no exceptions, no Content-Security-Policy violations). It has no
// code of its own; see browser_test.go.
//
// The test needs /usr/bin/chromium (Debian's chromium package, which .ci/run
// installs). Without it the test skips, unless $CI is set, when it fails.
// Screenshots go to $TIPWIRE_ARTIFACTS when set, else to a temporary
// directory.
package browser
