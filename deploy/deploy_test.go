package deploy

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the service runs as here; under systemd
// it is a dynamic user, as unprivileged.
const nobody = 65534

// requireRoot skips a test that must switch users, unless $CI is set: CI
// runs as root, and there the test must run, not skip.
func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("this test needs root to run the binary as another user; CI runs as root")
	}
	t.Skip("needs root to run the binary as another user")
}

// worldDir is a temporary directory every user may traverse, so the
// unprivileged process reaches the files placed in it.
func worldDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tipwire-deploy-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "tipwire")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/tipwire").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// installStep is one `sudo install -D -m MODE SRC DEST` line of README.md.
type installStep struct {
	mode      os.FileMode
	src, dest string
}

// documentedInstall returns README.md's install steps, so the test follows
// what an operator is told to type.
func documentedInstall(t *testing.T) []installStep {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^sudo install -D -m (0[0-7]{3}) (\S+) (/\S+)$`)
	var steps []installStep
	for _, m := range re.FindAllStringSubmatch(string(readme), -1) {
		mode, _ := strconv.ParseUint(m[1], 8, 32)
		steps = append(steps, installStep{mode: os.FileMode(mode), src: m[2], dest: m[3]})
	}
	if len(steps) == 0 {
		t.Fatal("README.md shows no `sudo install -D -m MODE SRC DEST` line")
	}
	return steps
}

// unitSettings returns the [Service] settings of tipwire.service; a key
// may be given more than once.
func unitSettings(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("tipwire.service")
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string][]string{}
	section := ""
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = line
		case section == "[Service]":
			k, v, _ := strings.Cut(line, "=")
			settings[k] = append(settings[k], v)
		}
	}
	return settings
}

// one returns the single value of a unit setting.
func one(t *testing.T, settings map[string][]string, key string) string {
	t.Helper()
	if v := settings[key]; len(v) == 1 {
		return v[0]
	}
	t.Fatalf("tipwire.service: want exactly one %s=, got %q", key, settings[key])
	return ""
}

// install performs the documented steps under root, as root would.
func install(t *testing.T, root, bin string, steps []installStep) {
	t.Helper()
	for _, s := range steps {
		src := filepath.Join("..", s.src)
		if s.src == "tipwire" {
			src = bin
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(root, s.dest)
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dest, data, s.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dest, s.mode); err != nil { // WriteFile's mode is masked by the umask
			t.Fatal(err)
		}
	}
}

// runAs runs the binary as nobody with only the given environment, as
// systemd starts a service, and returns its exit code and output.
func runAs(t *testing.T, bin, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, append(env, "PATH=/usr/bin:/bin")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

// TestInstalledServiceRunsUnprivileged installs tipwire as README.md says,
// then starts it as systemd starts tipwire.service: as an unprivileged user
// with the unit's credentials, state directory, environment and env file.
func TestInstalledServiceRunsUnprivileged(t *testing.T) {
	requireRoot(t)
	root := worldDir(t)
	bin := buildBinary(t, t.TempDir())
	install(t, root, bin, documentedInstall(t))
	unit := unitSettings(t)
	const configPath = "/etc/tipwire/config.yaml"
	if _, err := os.Stat(filepath.Join(root, configPath)); err != nil {
		t.Fatalf("README.md does not install %s: %v", configPath, err)
	}
	installed := filepath.Join(root, "/usr/local/bin/tipwire")

	// The config may hold secrets: another user must not read it.
	code, _, errOut := runAs(t, installed, root, nil, "--config", filepath.Join(root, configPath), "export")
	if code != 2 || !strings.Contains(errOut, "permission denied") {
		t.Errorf("nobody reading %s directly: exit %d, %q; want exit 2, permission denied", configPath, code, errOut)
	}

	env := startService(t, root, unit)
	workDir := filepath.Join(root, one(t, unit, "WorkingDirectory"))
	code, out, errOut := runAs(t, installed, workDir, env, "export", "--limit", "1")
	if code != 0 || errOut != "" {
		t.Fatalf("tipwire export as the service user: exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "https://news.example.org/feed.atom") {
		t.Errorf("TIPWIRE_BASE_URL from the env file is not the feed's base:\n%s", out)
	}
	assertOwnedByNobody(t, filepath.Join(root, "/var/lib/tipwire/tipwire.db"))
}

// startService does what systemd does before ExecStart for this unit,
// under root: it copies each LoadCredential= file, read as root, into a
// credentials directory only the service user may read (systemd.exec(5)),
// creates the StateDirectory= owned by that user, writes the env file the
// README suggests, and returns the environment the service starts with.
func startService(t *testing.T, root string, unit map[string][]string) []string {
	t.Helper()
	creds := filepath.Join(root, "run/credentials/tipwire.service")
	if err := os.MkdirAll(creds, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range unit["LoadCredential"] {
		name, path, _ := strings.Cut(c, ":")
		data, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Fatalf("LoadCredential=%s: %v", c, err)
		}
		writeOwned(t, filepath.Join(creds, name), data, 0o400)
	}
	chownNobody(t, creds, 0o500)
	state := filepath.Join(root, "/var/lib", one(t, unit, "StateDirectory"))
	if err := os.MkdirAll(filepath.Dir(state), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(state, 0o700); err != nil {
		t.Fatal(err)
	}
	chownNobody(t, state, 0o700)

	var env []string
	for _, e := range unit["Environment"] {
		e = strings.Replace(e, "=/", "="+root+"/", 1)
		e = strings.ReplaceAll(e, "%d", creds)
		env = append(env, e)
	}
	envFile := filepath.Join(root, strings.TrimPrefix(one(t, unit, "EnvironmentFile"), "-"))
	if err := os.WriteFile(envFile, []byte("# overrides\nTIPWIRE_BASE_URL=https://news.example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return append(env, readEnvFile(t, envFile)...)
}

func writeOwned(t *testing.T, path string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	chownNobody(t, path, mode)
}

func chownNobody(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// readEnvFile parses an EnvironmentFile= as systemd does for the simple
// case: NAME=value lines, # comments.
func readEnvFile(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var env []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			env = append(env, line)
		}
	}
	return env
}

func assertOwnedByNobody(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || st.Uid != nobody {
		t.Errorf("%s is not owned by the service user", path)
	}
}

// TestUnitVerifies runs `systemd-analyze verify` on the unit, with
// ExecStart pointing at a built binary (verify checks that it exists).
// verify exits 0 on unknown keys, so any output fails the test.
func TestUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("systemd-analyze is missing; .ci/run installs the systemd package")
		}
		t.Skip("systemd-analyze is not installed")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	unit, err := os.ReadFile("tipwire.service")
	if err != nil {
		t.Fatal(err)
	}
	program, _, _ := strings.Cut(one(t, unitSettings(t), "ExecStart"), " ")
	local := bytes.Replace(unit, []byte("ExecStart="+program), []byte("ExecStart="+bin), 1)
	path := filepath.Join(dir, "tipwire.service")
	if err := os.WriteFile(path, local, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(out) != 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
