package e2e

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tipwire/tipwire/fetcher"
)

// faultTimeouts are the fetcher's limits in the fault tests that expect a
// timeout: small, so a fault that is not detected shows as the pass
// context expiring instead.
var faultTimeouts = fetcher.Options{
	AllowPrivateNetworks: true,
	Timeout:              3 * time.Second,
	ConnectTimeout:       time.Second,
	HeaderTimeout:        2 * time.Second,
}

// roomyTimeouts are the limits of the fault tests that expect another
// category: no such fault waits for a limit, and on a loaded machine a TLS
// handshake, say, can take longer than faultTimeouts allow, which would
// show as a timeout. They still end within the pass context.
var roomyTimeouts = fetcher.Options{
	AllowPrivateNetworks: true,
	Timeout:              20 * time.Second,
	ConnectTimeout:       10 * time.Second,
	HeaderTimeout:        10 * time.Second,
}

// blockUntilDone is a handler body that waits for the client to give up.
func blockUntilDone(r *http.Request) { <-r.Context().Done() }

// rawServer accepts connections and hands each to handle.
func rawServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

// readRequest consumes the request head, so the client sees its request
// accepted before the fault.
func readRequest(c net.Conn) {
	_, _ = http.ReadRequest(bufio.NewReader(c))
}

const dripFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>` +
	`<item><title>Human trafficking drip</title><link>https://x.example/1</link></item></channel></rss>`

// TestNetworkFaults fetches from loopback servers that misbehave and
// requires each fault to end in its own stored category, within the
// fetcher's limits (the pass context never expires first), with nothing
// stored for the source.
func TestNetworkFaults(t *testing.T) {
	tests := []struct {
		name string
		url  func(t *testing.T) string
		want string
	}{
		{"listener never accepts", neverAccepts, "timeout"},
		{"TLS handshake never completes", silentTLS, "timeout"},
		{"headers never come", handler(func(w http.ResponseWriter, r *http.Request) { blockUntilDone(r) }), "timeout"},
		{"body drips", handler(drip), "timeout"},
		{"lying Content-Length", lyingLength, "network"},
		{"reset mid-body", resetMidBody, "network"},
		{"self-signed certificate", tlsWithCert(time.Now().Add(-time.Hour), time.Now().Add(time.Hour)), "tls"},
		{"expired certificate", tlsWithCert(time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour)), "tls"},
		{"redirect loop", redirects(-1), "redirect"},
		{"redirect chain of 12", redirects(12), "redirect"},
		{"redirect to javascript:", handler(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "javascript:alert(1)", http.StatusFound)
		}), "redirect"},
		{"redirect chain of 3", redirects(3), ""},
		{"connection refused", refused, "network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := tt.url(t)
			opts := roomyTimeouts
			if tt.want == "timeout" {
				opts = faultTimeouts
			}
			w := newWorld(t, []string{u}, opts)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			reps, err := w.d.Pass(ctx)
			if err != nil || len(reps) != 1 {
				t.Fatalf("pass: %v, %d reports", err, len(reps))
			}
			if ctx.Err() != nil {
				t.Fatalf("the pass deadline expired before the fetcher's limits: %v", reps[0].Err)
			}
			checkFault(t, w, u, reps[0].Category, tt.want, reps[0].Err)
		})
	}
}

func checkFault(t *testing.T, w *world, u, got, want string, err error) {
	t.Helper()
	if got != want {
		t.Errorf("category %q (%v), want %q", got, err, want)
	}
	if st := w.source(t, u).State; st.ErrorCategory != want {
		t.Errorf("stored category %q, want %q", st.ErrorCategory, want)
	}
	if n := len(w.savedFor(t, u)); want != "" && n != 0 {
		t.Errorf("%d items stored from a failed fetch", n)
	}
}

func handler(h http.HandlerFunc) func(*testing.T) string {
	return func(t *testing.T) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL + "/feed"
	}
}

// drip sends the headers and one byte, then nothing until the client leaves.
func drip(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	_, _ = w.Write([]byte(dripFeed[:1]))
	w.(http.Flusher).Flush()
	blockUntilDone(r)
}

// neverAccepts listens but never calls Accept: the kernel completes the TCP
// handshake from its backlog and the request is never read.
func neverAccepts(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String() + "/feed"
}

// silentTLS accepts and reads the ClientHello but never answers it.
func silentTLS(t *testing.T) string {
	addr := rawServer(t, func(c net.Conn) {
		buf := make([]byte, 4096)
		for {
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	})
	return "https://" + addr + "/feed"
}

// lyingLength promises more body than it sends, then closes.
func lyingLength(t *testing.T) string {
	addr := rawServer(t, func(c net.Conn) {
		readRequest(c)
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s", len(dripFeed)*4, dripFeed[:80])
	})
	return "http://" + addr + "/feed"
}

// resetMidBody sends half the body and then a TCP RST (SO_LINGER 0).
func resetMidBody(t *testing.T) string {
	addr := rawServer(t, func(c net.Conn) {
		readRequest(c)
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s", len(dripFeed), dripFeed[:80])
		_ = c.(*net.TCPConn).SetLinger(0)
	})
	return "http://" + addr + "/feed"
}

// refused is an address nothing listens on any more.
func refused(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/feed"
}

// redirects answers with n redirects before the feed; n < 0 loops forever.
func redirects(n int) func(*testing.T) string {
	return handler(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Query().Get("hop"), "%d", &i)
		if n < 0 {
			http.Redirect(w, r, fmt.Sprintf("/feed?hop=%d", (i+1)%2), http.StatusFound)
			return
		}
		if i < n {
			http.Redirect(w, r, fmt.Sprintf("/feed?hop=%d", i+1), http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(dripFeed))
	})
}

// tlsWithCert serves the feed over TLS with a freshly generated self-signed
// certificate valid from notBefore to notAfter.
func tlsWithCert(notBefore, notAfter time.Time) func(*testing.T) string {
	return func(t *testing.T) string {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
			NotBefore: notBefore, NotAfter: notAfter,
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(dripFeed))
		}))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL + "/feed"
	}
}
