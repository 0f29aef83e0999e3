package e2e

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeDNS is a UDP DNS server on loopback answering every A and AAAA
// question from a script: the n-th answer for a name is answers[n] (the
// last one repeats), which is how rebinding looks from the client.
type fakeDNS struct {
	mu      sync.Mutex
	answers []netip.Addr
	asked   int
}

func (d *fakeDNS) start(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go d.serve(pc)
	addr := pc.LocalAddr().String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "udp", addr)
	}}
}

func (d *fakeDNS) serve(pc net.PacketConn) {
	buf := make([]byte, 1500)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		var msg dnsmessage.Message
		if msg.Unpack(buf[:n]) != nil || len(msg.Questions) == 0 {
			continue
		}
		resp := d.answer(msg)
		if out, err := resp.Pack(); err == nil {
			_, _ = pc.WriteTo(out, from)
		}
	}
}

func (d *fakeDNS) answer(q dnsmessage.Message) dnsmessage.Message {
	d.mu.Lock()
	a := d.answers[min(d.asked, len(d.answers)-1)]
	if q.Questions[0].Type == dnsmessage.TypeA {
		d.asked++
	}
	d.mu.Unlock()
	resp := dnsmessage.Message{Header: dnsmessage.Header{ID: q.ID, Response: true, Authoritative: true}, Questions: q.Questions}
	h := dnsmessage.ResourceHeader{Name: q.Questions[0].Name, Class: dnsmessage.ClassINET, TTL: 0}
	switch {
	case q.Questions[0].Type == dnsmessage.TypeA && a.Is4():
		h.Type = dnsmessage.TypeA
		resp.Answers = append(resp.Answers, dnsmessage.Resource{Header: h, Body: &dnsmessage.AResource{A: a.As4()}})
	case q.Questions[0].Type == dnsmessage.TypeAAAA && a.Is6():
		h.Type = dnsmessage.TypeAAAA
		resp.Answers = append(resp.Answers, dnsmessage.Resource{Header: h, Body: &dnsmessage.AAAAResource{AAAA: a.As16()}})
	}
	return resp
}

// TestDNSRebinding points a public-looking host name at private addresses
// through the fetcher's injectable resolver, with private networks not
// allowed: every fetch is refused as blocked and the loopback server behind
// the address never sees a request.
func TestDNSRebinding(t *testing.T) {
	tests := []struct {
		name    string
		answers []string
	}{
		{"loopback", []string{"127.0.0.1"}},
		{"cloud metadata", []string{"169.254.169.254"}},
		{"private", []string{"10.1.2.3"}},
		{"IPv4-mapped loopback", []string{"::ffff:127.0.0.1"}},
		{"IPv6 loopback", []string{"::1"}},
		{"public then loopback", []string{"192.0.2.1", "127.0.0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			farm := newFarm(t)
			farm.set("/feed", "application/rss+xml", []byte(dripFeed))
			port := farm.srv.URL[strings.LastIndexByte(farm.srv.URL, ':')+1:]
			dns := &fakeDNS{}
			for _, a := range tt.answers {
				dns.answers = append(dns.answers, netip.MustParseAddr(a))
			}
			opts := faultTimeouts
			opts.AllowPrivateNetworks = false
			opts.Resolver = dns.start(t)
			u := "http://feed.rebind.example:" + port + "/feed"
			w := newWorld(t, []string{u}, opts)
			for range 2 { // the second pass sees the rebound answer
				r := w.pass(t, 30*time.Second)[u]
				checkFault(t, w, u, r.Category, "blocked", r.Err)
			}
			if n := farm.hitsFor("/feed"); n != 0 {
				t.Errorf("the private server got %d requests", n)
			}
		})
	}
}
