package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the test reads the daemon's database directly

	"github.com/tipwire/tipwire"
)

// buildBinary builds cmd/tipwire once per test into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tipwire")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/tipwire")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// growingFarm serves feeds that gain one item every other request: a
// request carrying the current ETag gets a 304 and makes the next answer
// carry a new item. Every item it ever put in a 200 answer is recorded.
type growingFarm struct {
	mu       sync.Mutex
	count    map[string]int // items per feed path
	served   map[string]bool
	frozen   bool
	pad      string      // appended to every description, to make items big
	requests chan string // one send per request, never blocking
	srv      *httptest.Server
}

func newGrowingFarm(t *testing.T) *growingFarm {
	g := &growingFarm{count: map[string]int{"f0": 3, "f1": 3, "f2": 3}, served: map[string]bool{}, requests: make(chan string, 1<<16)}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *growingFarm) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	defer func() {
		select {
		case g.requests <- r.URL.Path:
		default:
		}
	}()
	name := strings.TrimPrefix(r.URL.Path, "/feed/")
	n := g.count[name]
	etag := fmt.Sprintf(`"%s-%d"`, name, n)
	if r.Header.Get("If-None-Match") == etag {
		if !g.frozen {
			g.count[name] += 5
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Farm %s</title><link>https://farm.example/</link><description>d</description>`, name)
	for i := n; i >= 1; i-- {
		guid := fmt.Sprintf("%s-%d", name, i)
		g.served[guid] = true
		fmt.Fprintf(&b, `<item><title>Human trafficking report %s</title><link>https://farm.example/%s</link><guid isPermaLink="false">%s</guid><description>Victims of human trafficking, story %s.%s</description></item>`, guid, guid, guid, guid, g.pad)
	}
	b.WriteString("</channel></rss>")
	_, _ = w.Write([]byte(b.String()))
}

// waitRequests waits for n more requests to the farm, failing after the
// deadline.
func (g *growingFarm) waitRequests(t *testing.T, n int, deadline time.Duration) {
	t.Helper()
	timeout := time.After(deadline)
	for range n {
		select {
		case <-g.requests:
		case <-timeout:
			t.Fatalf("the daemon made no request for %v", deadline)
		}
	}
}

// waitRequestsOrExit waits for n more requests to the farm or for p to
// exit, whichever comes first; it fails after the deadline.
func (g *growingFarm) waitRequestsOrExit(t *testing.T, p *proc, n int, deadline time.Duration) {
	t.Helper()
	timeout := time.After(deadline)
	for range n {
		select {
		case <-g.requests:
		case err := <-p.done:
			p.done <- err
			return
		case <-timeout:
			t.Fatalf("no request for %v\n%s", deadline, p.log())
		}
	}
}

// drain forgets the requests seen so far.
func (g *growingFarm) drain() {
	for {
		select {
		case <-g.requests:
		default:
			return
		}
	}
}

// daemonConfig is the shipped config.yaml (so the shipped topics) with the
// database, listen address, schedule, seeds, private networks and sources
// set; extra sets more keys (the first line naming the key is replaced).
func daemonConfig(t *testing.T, dbPath, listen string, sources []string, extra map[string]string) string {
	t.Helper()
	cfg := string(tipwire.DefaultConfig())
	var src strings.Builder
	for _, s := range sources {
		fmt.Fprintf(&src, "\n  - url: %s", s)
	}
	set := map[string]string{
		"db": dbPath, "listen": listen, "schedule": `"@every 1s"`, "seeds": "false",
		"allow_private_networks": "true", "sources": src.String(),
	}
	for k, v := range extra {
		set[k] = v
	}
	for key, value := range set {
		re := regexp.MustCompile(`(?m)^(\s*)` + regexp.QuoteMeta(key) + `:.*$`)
		loc := re.FindStringSubmatchIndex(cfg)
		if loc == nil {
			t.Fatalf("shipped config.yaml has no %s key: update daemonConfig", key)
		}
		indent := cfg[loc[2]:loc[3]]
		cfg = cfg[:loc[0]] + indent + key + ": " + value + cfg[loc[1]:]
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// proc is one running tipwire process.
type proc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan error
}

// startDaemon starts `tipwire run`.
func startDaemon(t *testing.T, bin, config string) *proc {
	t.Helper()
	return startCommand(t, bin, config, "run")
}

// startCommand starts one tipwire command; its stdout and stderr are kept
// together for the log.
func startCommand(t *testing.T, bin, config, command string) *proc {
	t.Helper()
	p := &proc{stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "--config", config, command)
	p.cmd.Stderr = &lockedWriter{w: p.stderr}
	p.cmd.Stdout = p.cmd.Stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		p.done <- nil
	})
	return p
}

// wait waits for the process to exit, failing after the deadline.
func (p *proc) wait(t *testing.T, deadline time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		return err
	case <-time.After(deadline):
		t.Fatalf("tipwire did not exit within %v\n%s", deadline, p.log())
		return nil
	}
}

// log returns what the process has logged so far.
func (p *proc) log() string {
	lw := p.cmd.Stderr.(*lockedWriter)
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.String()
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// openDB opens the daemon's database read-only for checks.
func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dbFacts checks a database at rest: integrity, no duplicate GUIDs, and no
// source whose ETag ("name-n") vouches for items that are not stored. It
// returns the stored GUIDs.
func dbFacts(t *testing.T, path string) (guids map[string]bool, dups int) {
	t.Helper()
	db := openDB(t, path)
	ctx := context.Background()
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	guids = map[string]bool{}
	rows, err := db.QueryContext(ctx, "SELECT guid FROM items")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		if guids[g] {
			dups++
		}
		guids[g] = true
	}
	checkETags(t, db, guids)
	return guids, dups
}

func checkETags(t *testing.T, db *sql.DB, guids map[string]bool) {
	t.Helper()
	rows, err := db.Query("SELECT url, etag FROM sources")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var url, etag string
		if err := rows.Scan(&url, &etag); err != nil {
			t.Fatal(err)
		}
		var name string
		var n int
		if etag == "" {
			continue
		}
		if _, err := fmt.Sscanf(strings.ReplaceAll(strings.Trim(etag, `"`), "-", " "), "%s %d", &name, &n); err != nil {
			t.Fatalf("etag %q: %v", etag, err)
		}
		for i := 1; i <= n; i++ {
			if !guids[fmt.Sprintf("%s-%d", name, i)] {
				t.Errorf("source %s: ETag %s is ahead of its items: %s-%d missing", url, etag, name, i)
			}
		}
	}
}

// killSignal is what ends a process in the crash loop.
var killSignal = syscall.SIGKILL
