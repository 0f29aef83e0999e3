package e2e

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowFarm answers /fast at once and holds /slow until the client leaves;
// it reports every request on a channel.
func slowFarm(t *testing.T) (*httptest.Server, chan string) {
	seen := make(chan string, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case seen <- r.URL.Path:
		default:
		}
		if r.URL.Path == "/slow" {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(dripFeed))
	}))
	t.Cleanup(srv.Close)
	return srv, seen
}

func waitPath(t *testing.T, seen chan string, path string) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case p := <-seen:
			if p == path {
				return
			}
		case <-timeout:
			t.Fatalf("no request for %s", path)
		}
	}
}

// TestShutdownWithFetchInFlight sends SIGTERM while a fetch hangs: tipwire
// cancels it, closes the database and exits 0 within its drain deadline
// (the 10 s HTTP grace; the test allows 30 s).
func TestShutdownWithFetchInFlight(t *testing.T) {
	bin := buildBinary(t)
	srv, seen := slowFarm(t)
	dbPath := filepath.Join(t.TempDir(), "tipwire.db")
	config := daemonConfig(t, dbPath, freeAddr(t), []string{srv.URL + "/fast", srv.URL + "/slow"}, nil)
	p := startDaemon(t, bin, config)
	waitPath(t, seen, "/slow")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t, 30*time.Second); err != nil {
		t.Fatalf("exit: %v\n%s", err, p.log())
	}
	if _, dups := dbFacts(t, dbPath); dups != 0 {
		t.Errorf("%d duplicates", dups)
	}
}

// TestSecondSignalExitsAtOnce sends SIGTERM twice while a fetch hangs: the
// second one ends the process by the default signal action.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	bin := buildBinary(t)
	srv, seen := slowFarm(t)
	dbPath := filepath.Join(t.TempDir(), "tipwire.db")
	config := daemonConfig(t, dbPath, freeAddr(t), []string{srv.URL + "/slow"}, nil)
	p := startDaemon(t, bin, config)
	waitPath(t, seen, "/slow")
	for range 2 {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
			t.Fatal(err)
		}
	}
	err := p.wait(t, 30*time.Second)
	var ee *exec.ExitError
	switch {
	case err == nil:
		// The first signal's shutdown won the race: also a clean result.
	case errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGTERM:
	default:
		t.Fatalf("exit: %v\n%s", err, p.log())
	}
	if strings.Contains(p.log(), "panic") {
		t.Errorf("panic on shutdown:\n%s", p.log())
	}
}
