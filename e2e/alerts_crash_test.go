package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tipwire/tipwire/alerts"
)

const crashHookSecret = "crash-hook-secret-0123"

// crashStories are distinct matched stories, none of which clusters with
// another.
var crashStories = []string{
	"Police rescue 40 victims of human trafficking in Phnom Penh scam compound",
	"Fishermen held in debt bondage on Thai trawlers describe forced labour",
	"Court in Lagos convicts recruiter of sex trafficking of teenage girls",
	"Nepal border guards intercept women trafficked toward Gulf domestic work",
}

func crashFeed(now time.Time) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>d</description>`)
	for i, title := range crashStories {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://wire.example/%d</link><guid>w-%d</guid><pubDate>%s</pubDate><description>%s: a human trafficking case, police said.</description></item>`,
			title, i, i, now.Format(time.RFC1123Z), title)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// crashHook counts the alerts it answered 2xx, per story; it holds its
// first request open until released.
type crashHook struct {
	mu       sync.Mutex
	accepted map[string][]time.Time // story key -> when answered 2xx
	ids      map[string][]string    // story key -> delivery ids of every request
	badSig   int
	held     chan struct{} // closed when the first request is being held
	release  chan struct{}
	holding  bool
	events   chan struct{} // one send per accepted alert
}

func (h *crashHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var a alerts.Alert
	if !alerts.Verify(crashHookSecret, body, r.Header.Get(alerts.SignatureHeader)) || json.Unmarshal(body, &a) != nil {
		h.mu.Lock()
		h.badSig++
		h.mu.Unlock()
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	h.mu.Lock()
	h.ids[a.Story.Key] = append(h.ids[a.Story.Key], r.Header.Get(alerts.DeliveryHeader))
	first := !h.holding
	h.holding = true
	h.mu.Unlock()
	if first {
		close(h.held)
		<-h.release
		http.Error(w, "too late", http.StatusServiceUnavailable)
		return
	}
	h.mu.Lock()
	h.accepted[a.Story.Key] = append(h.accepted[a.Story.Key], time.Now())
	h.mu.Unlock()
	h.events <- struct{}{}
}

// crashMail is an SMTP server that keeps every message.
type crashMail struct {
	mu     sync.Mutex
	msgs   []string
	at     []time.Time   // when each message was accepted
	events chan struct{} // one send per message
}

func (m *crashMail) NewSession(*smtp.Conn) (smtp.Session, error) { return &crashSession{m: m}, nil }

type crashSession struct{ m *crashMail }

func (s *crashSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *crashSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *crashSession) Reset()                               {}
func (s *crashSession) Logout() error                        { return nil }
func (s *crashSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	s.m.msgs, s.m.at = append(s.m.msgs, string(b)), append(s.m.at, time.Now())
	s.m.mu.Unlock()
	s.m.events <- struct{}{}
	return nil
}

var (
	subjectLine   = regexp.MustCompile(`(?m)^Subject: tipwire: (.*)\r?$`)
	messageIDLine = regexp.MustCompile(`(?mi)^Message-ID: (<[^>]+>)\r?$`)
)

// bySubject returns when each story's messages were accepted, by title,
// and checks that repeats of one story carry one Message-ID.
func (m *crashMail) bySubject(t *testing.T) map[string][]time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	count, ids := map[string][]time.Time{}, map[string]string{}
	for i, msg := range m.msgs {
		s, id := subjectLine.FindStringSubmatch(msg), messageIDLine.FindStringSubmatch(msg)
		if s == nil || id == nil {
			t.Errorf("message without subject or Message-ID:\n%s", msg)
			continue
		}
		title := strings.Join(strings.Fields(s[1]), " ")
		if prev, ok := ids[title]; ok && prev != id[1] {
			t.Errorf("story %q mailed with Message-IDs %s and %s", title, prev, id[1])
		}
		ids[title] = id[1]
		count[title] = append(count[title], m.at[i])
	}
	return count
}

func startCrashMail(t *testing.T) (*crashMail, int) {
	t.Helper()
	be := &crashMail{events: make(chan struct{}, 100)}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return be, ln.Addr().(*net.TCPAddr).Port
}

func alertsCrashConfig(t *testing.T, dbPath, feed, hook string, smtpPort int) string {
	return daemonConfig(t, dbPath, freeAddr(t), []string{feed}, map[string]string{
		"send_timeout": "2s",
		"webhooks":     fmt.Sprintf("\n    - name: chat\n      url: %s\n      secret: %s", hook, crashHookSecret),
		"email": fmt.Sprintf("\n    - name: mail\n      smtp: {host: 127.0.0.1, port: %d, starttls: false}\n"+
			"      from: tipwire@example.org\n      to: [ngo@example.org]", smtpPort),
		"routes": "\n    - name: to-chat\n      channel: chat\n    - name: to-mail\n      channel: mail",
	})
}

// A daemon killed (SIGKILL) while a webhook request is held open loses no
// alert and repeats none: after a restart every story reaches the webhook
// and the mailbox, with a valid signature, once, and the held story's
// retry carries the same delivery id. Only a story the receiver had
// already answered 2xx before the kill may arrive twice (the documented
// at-least-once window).
func TestAlertsSurviveKill(t *testing.T) {
	bin := buildBinary(t)
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, crashFeed(time.Now()))
	}))
	t.Cleanup(feed.Close)
	hook := &crashHook{accepted: map[string][]time.Time{}, ids: map[string][]string{},
		held: make(chan struct{}), release: make(chan struct{}), events: make(chan struct{}, 100)}
	hookSrv := httptest.NewServer(hook)
	t.Cleanup(hookSrv.Close)
	t.Cleanup(func() { closeOnce(hook.release) })
	mail, port := startCrashMail(t)
	dbPath := t.TempDir() + "/tipwire.db"
	config := alertsCrashConfig(t, dbPath, feed.URL, hookSrv.URL, port)

	p := startDaemon(t, bin, config)
	select {
	case <-hook.held:
	case <-time.After(60 * time.Second):
		t.Fatalf("no webhook request arrived\n%s", p.log())
	}
	killedAt := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t, 30*time.Second); !killedBy(err, syscall.SIGKILL) {
		t.Fatalf("daemon was not killed: %v", err)
	}
	closeOnce(hook.release)

	p = startDaemon(t, bin, config)
	awaitAll(t, p, hook, mail)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t, 30*time.Second); err != nil {
		t.Fatalf("daemon did not stop cleanly: %v\n%s", err, p.log())
	}

	hook.mu.Lock()
	defer hook.mu.Unlock()
	if hook.badSig != 0 {
		t.Errorf("%d webhook requests with a bad signature", hook.badSig)
	}
	for key, times := range hook.accepted {
		if len(times) > 1 && !times[0].Before(killedAt) {
			t.Errorf("story %s reached the webhook %d times, first after the kill", key, len(times))
		}
	}
	for key, ids := range hook.ids {
		for _, id := range ids {
			if id != ids[0] {
				t.Errorf("story %s was sent with delivery ids %v, want one", key, ids)
				break
			}
		}
	}
	for title, times := range mail.bySubject(t) {
		if len(times) > 1 && !times[0].Before(killedAt) {
			t.Errorf("story %q mailed %d times, first after the kill", title, len(times))
		}
	}
	db := openDB(t, dbPath)
	var pending int
	if err := db.QueryRow(`SELECT count(*) FROM alert_outbox WHERE delivered_at IS NULL`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("%d deliveries still pending (err %v)", pending, err)
	}
}

// awaitAll waits until every story reached the webhook and the mailbox,
// looking again whenever either receiver accepts something.
func awaitAll(t *testing.T, p *proc, hook *crashHook, mail *crashMail) {
	t.Helper()
	limit := time.After(90 * time.Second)
	for {
		hook.mu.Lock()
		hooked := len(hook.accepted)
		hook.mu.Unlock()
		mailed := len(mail.bySubject(t))
		if hooked == len(crashStories) && mailed == len(crashStories) {
			return
		}
		select {
		case <-hook.events:
		case <-mail.events:
		case <-limit:
			t.Fatalf("after the restart: %d of %d stories reached the webhook, %d the mailbox\n%s",
				hooked, len(crashStories), mailed, p.log())
		}
	}
}

func closeOnce(c chan struct{}) {
	select {
	case <-c:
	default:
		close(c)
	}
}
