package e2e

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallDisk mounts a tmpfs of size bytes, or skips when that is not
// possible outside CI.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("the disk-full test needs root in CI (mount -t tmpfs)")
		}
		t.Skip("not root: cannot mount a small tmpfs for the disk-full test")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mount tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillDisk writes a file until the disk is full and returns its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill: %v", err)
			}
			return path
		}
	}
}

// fetchOnce runs `tipwire fetch` to completion and returns its output.
func fetchOnce(t *testing.T, bin, config string) string {
	t.Helper()
	p := startCommand(t, bin, config, "fetch")
	if err := p.wait(t, 60*time.Second); err != nil {
		t.Fatalf("tipwire fetch: %v\n%s", err, p.log())
	}
	return p.log()
}

func httpStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// waitHealthy polls /healthz until it answers 200, failing after 30 s.
func waitHealthy(t *testing.T, p *proc, base string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("tipwire exited: %v\n%s", err, p.log())
		case <-time.After(20 * time.Millisecond): // poll interval, not synchronisation
		}
	}
	t.Fatalf("/healthz never answered\n%s", p.log())
}

// TestDiskFull keeps the database on a 2 MiB tmpfs while `tipwire serve`
// answers readers and `tipwire fetch` runs against a growing feed. With the
// disk full, the fetch fails with the storage category and the server keeps
// answering; once space returns, the next fetch stores everything served.
func TestDiskFull(t *testing.T) {
	dir := smallDisk(t, 2<<20)
	bin := buildBinary(t)
	farm := newGrowingFarm(t)
	farm.pad = strings.Repeat(" padding", 4<<10) // 32 KiB an item: no slack in the WAL hides a full disk
	feed := farm.srv.URL + "/feed/full"
	dbPath := filepath.Join(dir, "tipwire.db")
	listen := freeAddr(t)
	config := daemonConfig(t, dbPath, listen, []string{feed}, nil)
	fetchOnce(t, bin, config) // the feed's first items
	fetchOnce(t, bin, config) // a 304 that makes the feed grow
	server := startCommand(t, bin, config, "serve")
	waitHealthy(t, server, "http://"+listen)

	filler := fillDisk(t, dir)
	if out := fetchOnce(t, bin, config); !strings.Contains(out, "FAIL storage") {
		t.Errorf("fetch on a full disk did not fail with the storage category:\n%s", out)
	}
	for _, path := range []string{"/healthz", "/feed.atom", "/"} {
		if code := httpStatus(t, "http://"+listen+path); code != http.StatusOK {
			t.Errorf("GET %s on a full disk: %d", path, code)
		}
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if out := fetchOnce(t, bin, config); strings.Contains(out, "FAIL") {
		t.Errorf("fetch after space returned:\n%s", out)
	}
	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := server.wait(t, 30*time.Second); err != nil {
		t.Errorf("serve exit: %v\n%s", err, server.log())
	}
	checkAllServed(t, farm, dbPath)
}

// checkAllServed requires every item the farm served to be stored once.
func checkAllServed(t *testing.T, farm *growingFarm, dbPath string) {
	t.Helper()
	guids, dups := dbFacts(t, dbPath)
	farm.mu.Lock()
	defer farm.mu.Unlock()
	for g := range farm.served {
		if !guids[g] {
			t.Errorf("served item %s not stored", g)
		}
	}
	if dups != 0 {
		t.Errorf("%d duplicates", dups)
	}
	t.Logf("disk full: %d items served, %d stored after recovery, %d duplicates", len(farm.served), len(guids), dups)
}
