package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/nfkit/nfkit/xt"
)

// ParseAddrs parses the argument of -s/-d: a comma-separated list of
// addresses, each with an optional /bits or /dotted-mask, as
// xtables_ipparse_multiple does for numeric addresses. The address is
// masked, and duplicates are removed. Host names are not resolved: a
// firewall library should not depend on DNS.
func ParseAddrs(fam xt.Family, s string) ([]AddrMask, error) {
	var out []AddrMask
	for _, part := range strings.Split(s, ",") {
		m, err := parseAddrMask(fam, part)
		if err != nil {
			return nil, err
		}
		dup := false
		for _, o := range out {
			dup = dup || o == m
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out, nil
}

func parseAddrMask(fam xt.Family, s string) (AddrMask, error) {
	host, mask, hasMask := strings.Cut(s, "/")
	bits := 32
	if fam == xt.FamilyIPv6 {
		bits = 128
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || (fam == xt.FamilyIPv6) != addr.Is6() || addr.Zone() != "" {
		if host == "localhost" && fam != xt.FamilyIPv6 {
			addr, err = netip.MustParseAddr("127.0.0.1"), nil
		} else {
			return AddrMask{}, fmt.Errorf("host/network `%s' not found", host)
		}
	}
	m := allOnes(bits)
	if hasMask {
		if n, ok := xt.ParseUint(mask, 0, uint64(bits)); ok {
			m = prefixMask(bits, int(n))
		} else if dm, err := netip.ParseAddr(mask); err == nil && dm.BitLen() == bits && dm.Zone() == "" {
			m = dm
		} else {
			return AddrMask{}, fmt.Errorf("invalid mask `%s' specified", mask)
		}
	}
	return AddrMask{Addr: andAddr(addr, m), Mask: m}, nil
}

func allOnes(bits int) netip.Addr { return prefixMask(bits, bits) }

// prefixMask returns the mask with the first n of bits bits set.
func prefixMask(bits, n int) netip.Addr {
	var b [16]byte
	for i := 0; i < n; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	if bits == 32 {
		return netip.AddrFrom4([4]byte(b[:4]))
	}
	return netip.AddrFrom16(b)
}

func andAddr(a, m netip.Addr) netip.Addr {
	x, y := a.AsSlice(), m.AsSlice()
	for i := range x {
		x[i] &= y[i]
	}
	r, _ := netip.AddrFromSlice(x)
	return r
}

// MaskBits returns the prefix length of a contiguous mask, or -1.
func MaskBits(m netip.Addr) int {
	b := m.AsSlice()
	n := 0
	for n < len(b)*8 && b[n/8]&(0x80>>(n%8)) != 0 {
		n++
	}
	for i := n; i < len(b)*8; i++ {
		if b[i/8]&(0x80>>(i%8)) != 0 {
			return -1
		}
	}
	return n
}

type netipAddr = netip.Addr

var (
	ipv4Zero = netip.IPv4Unspecified()
	ipv6Zero = netip.IPv6Unspecified()
)
