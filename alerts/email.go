package alerts

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Email sends alerts as one multipart (plain text and HTML) message over
// SMTP: a single story, or a digest of every due story.
type Email struct {
	Host     string
	Port     int // default 587
	Username string
	Password string
	// StartTLS requires STARTTLS before authenticating; false sends in the
	// clear (a relay on localhost).
	StartTLS bool
	From     string
	To       []string
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	Timeout   time.Duration // default 30s
}

// Send composes and sends one message.
func (e *Email) Send(ctx context.Context, alerts []Alert) error {
	m, err := e.message(alerts)
	if err != nil {
		return err
	}
	c, err := mail.NewClient(e.Host, e.clientOptions()...)
	if err != nil {
		return fmt.Errorf("email: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil && !m.IsDelivered() {
		return fmt.Errorf("email: send via %s: %w", e.Host, err)
	}
	// Once the server accepted the DATA the message is delivered: a RSET
	// or QUIT that fails afterwards must not make it count as failed, or
	// it would be sent again.
	return nil
}

func (e *Email) clientOptions() []mail.Option {
	port := e.Port
	if port == 0 {
		port = 587
	}
	timeout := e.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(timeout), mail.WithTLSPolicy(mail.NoTLS)}
	if e.StartTLS {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		if e.TLSConfig != nil {
			opts = append(opts, mail.WithTLSConfig(e.TLSConfig))
		}
	}
	if e.Username != "" {
		auth := mail.SMTPAuthPlain
		if !e.StartTLS {
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(e.Username), mail.WithPassword(e.Password))
	}
	return opts
}

// message builds the multipart message of alerts.
func (e *Email) message(alerts []Alert) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(e.From); err != nil {
		return nil, fmt.Errorf("email: from %q: %w", e.From, err)
	}
	if err := m.To(e.To...); err != nil {
		return nil, fmt.Errorf("email: to: %w", err)
	}
	m.Subject(subject(alerts))
	// A stable Message-ID lets a mail system drop a digest sent twice
	// (a crash between the server's acceptance and the outbox's mark).
	m.SetMessageIDWithValue(BatchID(alerts) + "@" + domainOf(e.From))
	var text, html bytes.Buffer
	if err := textDigest().Execute(&text, alerts); err != nil {
		return nil, fmt.Errorf("email: text body: %w", err)
	}
	if err := htmlDigest().Execute(&html, alerts); err != nil {
		return nil, fmt.Errorf("email: html body: %w", err)
	}
	m.SetBodyString(mail.TypeTextPlain, text.String())
	m.AddAlternativeString(mail.TypeTextHTML, html.String())
	return m, nil
}

// domainOf is the domain of address, or "tipwire" when it has none.
func domainOf(address string) string {
	if a, err := netmail.ParseAddress(address); err == nil {
		if at := strings.LastIndexByte(a.Address, '@'); at >= 0 && at < len(a.Address)-1 {
			return a.Address[at+1:]
		}
	}
	return "tipwire"
}

func subject(alerts []Alert) string {
	if len(alerts) == 1 {
		return "tipwire: " + strings.Join(strings.Fields(alerts[0].Story.Title), " ")
	}
	return fmt.Sprintf("tipwire digest: %d new stories", len(alerts))
}
