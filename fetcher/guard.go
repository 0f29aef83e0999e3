package fetcher

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// errBlocked marks a connection refused by the SSRF guard. Its text names
// the config key an operator sets to lift the guard.
var errBlocked = errors.New("not a public address; fetching it needs fetch.allow_private_networks: true")

// guardControl is a net.Dialer Control function refusing connections to
// addresses that are not public unicast. It runs on the resolved address of
// every dial, redirects included, so neither DNS rebinding nor spellings such
// as 0x7f.1 or [::ffff:127.0.0.1] get past it.
func guardControl(_, address string, _ syscall.RawConn) error {
	// net.OpError already prefixes "dial tcp ADDRESS:" to what this returns.
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("unparsable address: %w", errBlocked)
	}
	if !publicAddr(ap.Addr()) {
		return fmt.Errorf("%s is %w", ap.Addr(), errBlocked)
	}
	return nil
}

// publicAddr reports whether a is a public unicast address.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsUnspecified() || a.IsLoopback() || a.IsPrivate() ||
		a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsLinkLocalMulticast() {
		return false
	}
	if a.Is4() {
		return !reservedV4(a.As4())
	}
	// IPv6 forms that embed an IPv4 address reach that address.
	b := a.As16()
	switch {
	case b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && allZero(b[4:12]): // NAT64 64:ff9b::/96
		return publicAddr(netip.AddrFrom4([4]byte(b[12:16])))
	case b[0] == 0x20 && b[1] == 0x02: // 6to4 2002::/16
		return publicAddr(netip.AddrFrom4([4]byte(b[2:6])))
	}
	return true
}

// reservedV4 reports the IPv4 ranges that are not public unicast although
// the netip predicates do not say so.
func reservedV4(b [4]byte) bool {
	switch {
	case b[0] == 0, b[0] >= 240: // "this network"; reserved and broadcast
		return true
	case b[0] == 100 && b[1]&0xc0 == 64: // CGNAT 100.64.0.0/10 (RFC 6598)
		return true
	case b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2): // IETF assignments, TEST-NET-1
		return true
	case b[0] == 198 && (b[1] == 18 || b[1] == 19): // benchmarking 198.18.0.0/15
		return true
	case b[0] == 198 && b[1] == 51 && b[2] == 100, b[0] == 203 && b[1] == 0 && b[2] == 113: // TEST-NET-2, -3
		return true
	}
	return false
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
