package alerts_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tipwire/tipwire/alerts"
)

// hangUpSMTP is an SMTP server that answers DATA with refuse (nil means
// 250) and hangs up once a message was accepted, before RSET and QUIT.
type hangUpSMTP struct{ refuse error }

func (b hangUpSMTP) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &hangUpSession{b: b, conn: c.Conn()}, nil
}

type hangUpSession struct {
	b        hangUpSMTP
	conn     net.Conn
	accepted bool
}

func (s *hangUpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *hangUpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *hangUpSession) Logout() error                        { return nil }

// Reset runs after the answer to DATA was written.
func (s *hangUpSession) Reset() {
	if s.accepted {
		s.conn.Close()
	}
}

func (s *hangUpSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.accepted = s.b.refuse == nil
	return s.b.refuse
}

// A message the server accepted is delivered, whatever becomes of the
// session afterwards: counting it as failed would send it again.
func TestEmailDeliveredOnceAccepted(t *testing.T) {
	for _, tc := range []struct {
		name    string
		refuse  error
		wantErr bool
	}{
		{"accepted, then the server hangs up", nil, false},
		{"refused", &smtp.SMTPError{Code: 554, Message: "no thanks"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtp.NewServer(hangUpSMTP{refuse: tc.refuse})
			srv.Domain = "localhost"
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go srv.Serve(ln)
			t.Cleanup(func() { srv.Close() })
			e := &alerts.Email{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port,
				From: "tipwire@example.org", To: []string{"ngo@example.org"}, Timeout: 10 * time.Second}
			err = e.Send(context.Background(), []alerts.Alert{{DeliveryID: "d1",
				Story: alerts.Story{Key: "k1", Title: "Police free 40 workers", Link: "https://news.example/1"}}})
			if gotErr := err != nil; gotErr != tc.wantErr {
				t.Errorf("Send error %v, want error: %v", err, tc.wantErr)
			}
		})
	}
}
