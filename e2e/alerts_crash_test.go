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
// first request open until released and then refuses it, so every alert
// it accepts comes from the restarted daemon.
type crashHook struct {
	mu       sync.Mutex
	accepted map[string]int      // story key -> requests answered 2xx
	ids      map[string][]string // story key -> delivery ids of every request
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
	h.accepted[a.Story.Key]++
	h.mu.Unlock()
	h.events <- struct{}{}
}

// crashMail is a mailbox that keeps every message with the daemon life
// that sent it. Each life of the daemon mails to its own SMTP server: a
// message the killed daemon sent whole may be taken in by the server only
// after the kill, so neither the time it arrives nor the time its session
// began tells which daemon sent it, but the server it reached does.
type crashMail struct {
	mu     sync.Mutex
	msgs   []string
	lives  []int         // the daemon life that sent each message: 1 killed, 2 restarted
	events chan struct{} // one send per message
}

// crashMailServer is the SMTP server of one daemon life.
type crashMailServer struct {
	m    *crashMail
	life int
}

func (b crashMailServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &crashSession{m: b.m, life: b.life}, nil
}

type crashSession struct {
	m    *crashMail
	life int
}

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
	s.m.msgs, s.m.lives = append(s.m.msgs, string(b)), append(s.m.lives, s.life)
	s.m.mu.Unlock()
	s.m.events <- struct{}{}
	return nil
}

var (
	subjectLine   = regexp.MustCompile(`(?m)^Subject: tipwire: (.*)\r?$`)
	messageIDLine = regexp.MustCompile(`(?mi)^Message-ID: (<[^>]+>)\r?$`)
)

// bySubject returns which daemon life sent each story's messages, by
// title, and checks that repeats of one story carry one Message-ID.
func (m *crashMail) bySubject(t *testing.T) map[string][]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	count, ids := map[string][]int{}, map[string]string{}
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
		count[title] = append(count[title], m.lives[i])
	}
	return count
}

// startCrashMail serves SMTP for daemon life into m and returns its port.
// It runs until the test ends, so a message the killed daemon sent is
// still taken in after the kill.
func startCrashMail(t *testing.T, m *crashMail, life int) int {
	t.Helper()
	srv := smtp.NewServer(crashMailServer{m: m, life: life})
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
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
// retry carries the same delivery id. Only a mail the killed daemon sent
// may be sent again after the restart (the documented at-least-once
// window: the server took it, the outcome was not recorded).
func TestAlertsSurviveKill(t *testing.T) {
	bin := buildBinary(t)
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, crashFeed(time.Now()))
	}))
	t.Cleanup(feed.Close)
	hook := &crashHook{accepted: map[string]int{}, ids: map[string][]string{},
		held: make(chan struct{}), release: make(chan struct{}), events: make(chan struct{}, 100)}
	hookSrv := httptest.NewServer(hook)
	t.Cleanup(hookSrv.Close)
	t.Cleanup(func() { closeOnce(hook.release) })
	mail := &crashMail{events: make(chan struct{}, 100)}
	dbPath := t.TempDir() + "/tipwire.db"

	p := startDaemon(t, bin, alertsCrashConfig(t, dbPath, feed.URL, hookSrv.URL, startCrashMail(t, mail, 1)))
	select {
	case <-hook.held:
	case <-time.After(60 * time.Second):
		t.Fatalf("no webhook request arrived\n%s", p.log())
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(t, 30*time.Second); !killedBy(err, syscall.SIGKILL) {
		t.Fatalf("daemon was not killed: %v", err)
	}
	closeOnce(hook.release)

	p = startDaemon(t, bin, alertsCrashConfig(t, dbPath, feed.URL, hookSrv.URL, startCrashMail(t, mail, 2)))
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
	for key, n := range hook.accepted {
		if n > 1 {
			t.Errorf("story %s reached the webhook %d times, want once", key, n)
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
	for title, lives := range mail.bySubject(t) {
		byLife := map[int]int{}
		for _, life := range lives {
			byLife[life]++
		}
		if byLife[1] > 1 || byLife[2] > 1 {
			t.Errorf("story %q mailed by the daemon lives %v, want at most once by each", title, lives)
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
