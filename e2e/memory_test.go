package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// rssBudget is the peak resident memory the daemon may reach while it
// fetches one size attack.
const rssBudget = 256 << 20

// deepNesting is an RSS item whose description nests depth elements.
func deepNesting(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>deep</title><link>https://deep.example/</link><description>d</description><item><title>deep human trafficking</title><guid>deep-1</guid><description>`)
	b.WriteString(strings.Repeat("<x>", depth))
	b.WriteString(strings.Repeat("</x>", depth))
	b.WriteString(`</description></item></channel></rss>`)
	return b.Bytes()
}

// flood is an RSS feed of n items, each item written by format (given %d
// the item number, or ignoring it).
func flood(n int, format string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>flood</title><link>https://flood.example/</link><description>d</description>`)
	for i := range n {
		if strings.Contains(format, "%d") {
			fmt.Fprintf(&b, format, i)
		} else {
			b.WriteString(format)
		}
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

// jsonFlood is a JSON Feed of n empty items.
func jsonFlood(n int) []byte {
	return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"flood","items":[` +
		strings.TrimSuffix(strings.Repeat("{},", n), ",") + `]}`)
}

// peakRSS reads a running process's peak resident set size (VmHWM) in
// bytes. (Its rusage after exit will not do: Linux carries ru_maxrss over
// exec, so a child reports at least the test binary's own peak.)
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// waitLogged polls the process's log until it holds want, failing after
// the deadline or when the process exits.
func waitLogged(t *testing.T, p *proc, want string, deadline time.Duration) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !strings.Contains(p.log(), want) {
		if time.Now().After(end) {
			t.Fatalf("the log never showed %q:\n%s", want, p.log())
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("tipwire exited: %v\n%s", err, p.log())
		case <-time.After(20 * time.Millisecond): // poll interval, not synchronisation
		}
	}
}

// TestPeakMemory serves a million-deep nesting and 500,000-item feeds to
// the running daemon and requires its peak RSS, read once its first pass is
// done, to stay under rssBudget. max_body is raised to 32 MiB so the
// flood reaches the parser instead of stopping at the size cap.
func TestPeakMemory(t *testing.T) {
	bin := buildBinary(t)
	tests := []struct {
		name string
		body []byte
	}{
		{"million-deep nesting", deepNesting(1_000_000)},
		{"500,000 items", flood(500_000, "<item><guid>%d</guid></item>")},
		{"500,000 bare items", flood(500_000, "<item/>")},
		{"500,000 JSON Feed items", jsonFlood(500_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				_, _ = w.Write(tt.body)
			}))
			defer srv.Close()
			dbPath := filepath.Join(t.TempDir(), "tipwire.db")
			cfg := daemonConfig(t, dbPath, freeAddr(t), []string{srv.URL + "/feed"},
				map[string]string{"max_body": "32MiB"})
			p := startDaemon(t, bin, cfg)
			waitLogged(t, p, "fetch pass done", 2*time.Minute)
			peak := peakRSS(t, p.cmd.Process.Pid)
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			if err := p.wait(t, 30*time.Second); err != nil {
				t.Errorf("exit: %v", err)
			}
			t.Logf("%s: %.1f MB body, peak RSS %.1f MB (budget %d MB)", tt.name,
				float64(len(tt.body))/(1<<20), float64(peak)/(1<<20), rssBudget>>20)
			if peak > rssBudget {
				t.Errorf("peak RSS %d MB exceeds the %d MB budget", peak>>20, rssBudget>>20)
			}
		})
	}
}
