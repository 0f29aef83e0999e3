package e2e

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestCrashRecovery runs the built binary against a farm of growing feeds,
// SIGKILLs it at random points of its fetch pass (after 0 to 3 farm
// requests since start: during start-up and migration, mid-parse or
// mid-transaction) and starts it again, 20 times (5 with -short). It runs
// `tipwire fetch`, the pass `run` makes on its schedule, because the
// scheduler does not poll a source again within fetch.min_interval (1m at
// least), so restarts of `run` would fetch nothing. After every kill the
// database passes integrity_check, holds no GUID twice and no source's
// ETag runs ahead of its items; at the end, after a `tipwire fetch` left
// to finish, every item the farm ever served is stored.
func TestCrashRecovery(t *testing.T) {
	kills := 20
	if testing.Short() {
		kills = 5
	}
	bin := buildBinary(t)
	farm := newGrowingFarm(t)
	var feeds []string
	for i := range 3 {
		feeds = append(feeds, farm.srv.URL+fmt.Sprintf("/feed/f%d", i))
	}
	dbPath := filepath.Join(t.TempDir(), "tipwire.db")
	config := daemonConfig(t, dbPath, freeAddr(t), feeds, nil)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 8))

	checked, dups, killed, runs := 0, 0, 0, 0
	for killed < kills {
		if runs++; runs > 10*kills {
			t.Fatalf("only %d of %d runs could be killed before they finished", killed, runs)
		}
		farm.drain()
		p := startCommand(t, bin, config, "fetch")
		farm.waitRequestsOrExit(t, p, rng.IntN(4), 30*time.Second)
		// A random moment after the request: mid-parse, mid-transaction or
		// between sources. This is fault injection, not synchronisation.
		<-time.After(time.Duration(rng.IntN(80)) * time.Millisecond)
		if p.cmd.Process.Signal(killSignal) == nil && killedBy(p.wait(t, 30*time.Second), killSignal) {
			killed++
		}
		guids, d := dbFactsIfCreated(t, dbPath)
		checked += len(guids)
		dups += d
	}

	// Freeze the farm and fetch to completion.
	farm.mu.Lock()
	farm.frozen = true
	farm.mu.Unlock()
	p := startCommand(t, bin, config, "fetch")
	if err := p.wait(t, 60*time.Second); err != nil {
		t.Fatalf("final fetch: %v\n%s", err, p.log())
	}
	guids, d := dbFacts(t, dbPath)
	dups += d
	farm.mu.Lock()
	missing := 0
	for g := range farm.served {
		if !guids[g] {
			missing++
			t.Errorf("served item %s lost", g)
		}
	}
	served := len(farm.served)
	farm.mu.Unlock()
	if dups != 0 {
		t.Errorf("%d duplicated items", dups)
	}
	t.Logf("crash test: %d SIGKILLs survived, %d items served, %d stored at the end, %d item checks after kills, %d duplicates, %d lost",
		killed, served, len(guids), checked, dups, missing)
}

// dbFactsIfCreated is dbFacts for a database that a kill during start-up may
// not have created yet.
func dbFactsIfCreated(t *testing.T, path string) (map[string]bool, int) {
	t.Helper()
	if !fileExists(path) {
		return nil, 0
	}
	return dbFacts(t, path)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// killedBy reports whether a process's exit error says sig ended it.
func killedBy(err error, sig syscall.Signal) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}
