package alerts_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/alerts"
	"github.com/tipwire/tipwire/store"
)

// --- an SMTP server in-process, STARTTLS and PLAIN auth required ---

type smtpBackend struct {
	mu   sync.Mutex
	msgs []string
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

func (b *smtpBackend) messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.msgs...)
}

type smtpSession struct {
	b      *smtpBackend
	authed bool
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "alerts" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return errors.New("authenticate first")
	}
	return nil
}
func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *smtpSession) Reset()                               {}
func (s *smtpSession) Logout() error                        { return nil }

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, string(b))
	s.b.mu.Unlock()
	return nil
}

// selfSigned returns a certificate for 127.0.0.1 and a pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "tipwire test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// startSMTP serves SMTP on a loopback port and returns the backend and the
// email channel that sends to it.
func startSMTP(t *testing.T) (*smtpBackend, *alerts.Email) {
	t.Helper()
	cert, pool := selfSigned(t)
	be := &smtpBackend{}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	port := ln.Addr().(*net.TCPAddr).Port
	return be, &alerts.Email{
		Host: "127.0.0.1", Port: port, Username: "alerts", Password: "s3cret", StartTLS: true,
		From: "tipwire@example.org", To: []string{"ngo@example.org"},
		TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"},
	}
}

// --- a webhook receiver that checks the signature and fails at first ---

type hookReceiver struct {
	mu       sync.Mutex
	failures int            // requests still to refuse
	attempts int            // requests seen
	got      map[string]int // story key -> accepted deliveries
	badSig   int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attempts++
	if !alerts.Verify("hook-secret", body, r.Header.Get(alerts.SignatureHeader)) {
		h.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if h.failures > 0 {
		h.failures--
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	var a alerts.Alert
	if err := json.Unmarshal(body, &a); err != nil || a.Story.Key == "" {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	h.got[a.Story.Key]++
}

func (h *hookReceiver) snapshot() (attempts int, got map[string]int, badSig int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp := map[string]int{}
	for k, v := range h.got {
		cp[k] = v
	}
	return h.attempts, cp, h.badSig
}

func nextMidnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

func newNotifier(t *testing.T, st *store.Store, c *clock, hookURL string, mail *alerts.Email) *alerts.Notifier {
	t.Helper()
	n, err := alerts.New(st, st, alerts.Options{
		Routes: []alerts.Route{
			{Name: "cambodia-now", Channel: "chat", Tags: []string{"KH"}},
			{Name: "daily", Channel: "mail", Topic: "trafficking", MinScore: 3, Next: nextMidnight},
		},
		Channels: map[string]alerts.Sender{
			"chat": &alerts.Webhook{URL: hookURL, Secret: "hook-secret"},
			"mail": mail,
		},
		Now: c.now,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func newsItem(n int, title string, tags []string, score float64) tipwire.Item {
	return tipwire.Item{
		GUID: title, Link: "https://news.example/" + strings.ReplaceAll(title, " ", "-"),
		CanonicalURL: "https://news.example/" + strings.ReplaceAll(title, " ", "-"),
		Title:        title,
		Summary:      "<p>" + strings.Repeat("Full text of the report that must not travel. ", 30) + "</p>",
		Outlet:       "Outlet " + string(rune('A'+n)),
		Tags:         tags,
		Matches:      []tipwire.Match{{Topic: "trafficking", Terms: []string{"human trafficking"}, Score: score}},
	}
}

func TestAlertsEndToEnd(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tipwire.db")
	mailbox, mail := startSMTP(t)
	hook := &hookReceiver{failures: 3, got: map[string]int{}}
	hookSrv := httptest.NewServer(hook)
	defer hookSrv.Close()
	st := openStore(t, path)
	// The store stamps first_seen with the real time; the notifier's clock
	// starts there and then moves only when the test moves it.
	c := &clock{t: time.Now().UTC()}
	// An archive story (published three days ago) does not alert.
	old := newsItem(0, "Old story about Cambodia", []string{"KH"}, 9)
	old.Published = c.now().Add(-72 * time.Hour)
	if _, err := st.SaveItems(ctx, []tipwire.Item{old}); err != nil {
		t.Fatal(err)
	}
	n := newNotifier(t, st, c, hookSrv.URL, mail)
	if added, fresh, err := n.Enqueue(ctx); err != nil || added != 0 || len(fresh) != 1 {
		t.Fatalf("first enqueue added %d for %d new stories, err %v; want none for one", added, len(fresh), err)
	}
	kh := newsItem(1, "Scam compound raided in Cambodia", []string{"KH", "forced-criminality"}, 7)
	th := newsItem(2, "Thai court jails trafficker", []string{"TH"}, 5)
	weak := newsItem(3, "Weak match", []string{"TH"}, 1)
	if _, err := st.SaveItems(ctx, []tipwire.Item{kh, th, weak}); err != nil {
		t.Fatal(err)
	}
	added, fresh, err := n.Enqueue(ctx)
	if err != nil || added != 3 || len(fresh) != 3 {
		// chat: the Cambodian story; mail: both stories scoring at least 3.
		t.Fatalf("enqueue added %d of %d stories, err %v; want 3 deliveries", added, len(fresh), err)
	}

	// The webhook fails three times; each failure is retried after a backoff.
	for i := range 3 {
		n.Flush(ctx)
		if attempts, _, _ := hook.snapshot(); attempts != i+1 {
			t.Fatalf("round %d: %d attempts", i, attempts)
		}
		n.Flush(ctx)
		if attempts, _, _ := hook.snapshot(); attempts != i+1 {
			t.Fatal("a failed delivery was retried before its backoff")
		}
		c.advance(time.Duration(30<<i) * time.Second)
		if i == 1 {
			// Restart between two attempts: nothing pending is lost.
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			st = openStore(t, path)
			n = newNotifier(t, st, c, hookSrv.URL, mail)
		}
	}
	// Another outlet reports both stories later: no second alert, but the
	// digest, built when it is sent, names it.
	againKH, againTH := kh, th
	againKH.Outlet, againTH.Outlet = "Outlet Z", "Outlet Z"
	if _, err := st.SaveItems(ctx, []tipwire.Item{againKH, againTH}); err != nil {
		t.Fatal(err)
	}
	if added, _, err := n.Enqueue(ctx); err != nil || added != 0 {
		t.Fatalf("re-reported story queued %d deliveries, err %v", added, err)
	}
	n.Flush(ctx)
	attempts, got, badSig := hook.snapshot()
	if attempts != 4 || badSig != 0 || len(got) != 1 {
		t.Fatalf("webhook: %d attempts, %d bad signatures, got %v", attempts, badSig, got)
	}
	for key, times := range got {
		if times != 1 {
			t.Errorf("story %s arrived %d times", key, times)
		}
	}
	if len(mailbox.messages()) != 0 {
		t.Fatal("the digest went out before its schedule")
	}

	// Midnight: one digest with both stories, text and HTML.
	c.set(nextMidnight(c.now()))
	n.Flush(ctx)
	msgs := mailbox.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d emails, want 1 digest", len(msgs))
	}
	for _, want := range []string{"Subject: tipwire digest: 2 new stories", "text/plain", "text/html",
		"Scam compound raided in Cambodia", "Thai court jails trafficker", "Outlet Z", "Message-ID: <"} {
		if !strings.Contains(msgs[0], want) {
			t.Errorf("digest lacks %q", want)
		}
	}
	if strings.Contains(msgs[0], "Weak match") {
		t.Error("digest has a story below min_score")
	}
	// An excerpt holds at most 7 of the 30 repeats of the text, in each of
	// the two parts of each of the two stories.
	if n := strings.Count(msgs[0], "must not travel"); n == 0 || n > 2*2*7 {
		t.Error("the digest carries more than an excerpt")
	}

	// Nothing more is due, and nothing arrives twice.
	c.advance(48 * time.Hour)
	n.Flush(ctx)
	if _, got, _ := hook.snapshot(); len(got) != 1 || len(mailbox.messages()) != 1 {
		t.Error("a story alerted twice")
	}
	log, err := st.DeliveryLog(ctx, 100)
	if err != nil || len(log) != 6 { // 4 webhook attempts, 2 stories in the digest
		t.Errorf("delivery log has %d attempts (err %v), want 6", len(log), err)
	}
	st.Close()
}
