package xt

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// Helpers shared by the conntrack, owner, connlimit, dscp/tos/ttl matches
// and the MARK, CONNMARK, DSCP, TOS, TTL and TCPMSS targets. They follow
// libxtables' generic option parsers (xtoptions.c) and their messages.

// exclusive fails when more than one of names was given, as xtables'
// .excl check does.
func exclusive(ext string, opts []Opt, names ...string) error {
	first := ""
	for _, o := range opts {
		for _, n := range names {
			if o.Name != n {
				continue
			}
			if first != "" && first != o.Name {
				return OptErr(ext, o, "cannot be used together with --%s", first)
			}
			first = o.Name
		}
	}
	return nil
}

// optUint parses o's argument as xtopt_parse_int: strtoul base 0, whole
// string, within [min, max].
func optUint(ext string, o Opt, min, max uint64) (uint64, error) {
	v, ok := ParseUint(o.Arg, min, max)
	if !ok {
		return 0, OptErr(ext, o, "bad value, or out of range (%d-%d)", min, max)
	}
	return v, nil
}

// optValMask parses "value[/mask]" as xtables_parse_mark_mask; the mask
// defaults to 0xffffffff.
func optValMask(ext string, o Opt) (val, mask uint32, err error) {
	v, rest, ok := ParseUintPrefix(o.Arg)
	if !ok || v > 0xffffffff || strings.HasPrefix(strings.TrimLeft(o.Arg, " \t\n\v\f\r"), "-") {
		return 0, 0, OptErr(ext, o, "bad integer value, or out of range")
	}
	mask = 0xffffffff
	if rest != "" {
		if rest[0] != '/' {
			return 0, 0, OptErr(ext, o, "trailing garbage after value")
		}
		m, rest2, ok := ParseUintPrefix(rest[1:])
		if !ok || m > 0xffffffff || strings.HasPrefix(strings.TrimLeft(rest[1:], " \t\n\v\f\r"), "-") {
			return 0, 0, OptErr(ext, o, "bad integer value, or out of range")
		}
		if rest2 != "" {
			return 0, 0, OptErr(ext, o, "trailing garbage after value")
		}
		mask = uint32(m)
	}
	return uint32(v), mask, nil
}

// appendHex appends "0x%x".
func appendHex(b []byte, v uint64) []byte {
	b = append(b, "0x"...)
	return strconv.AppendUint(b, v, 16)
}

// appendHex02 appends "0x%02x".
func appendHex02(b []byte, v uint8) []byte {
	const digits = "0123456789abcdef"
	return append(b, '0', 'x', digits[v>>4], digits[v&15])
}

// prefixMatch reports whether tok is a non-empty case-insensitive prefix of
// name, which is what strncasecmp(tok, name, len(tok)) == 0 accepts.
func prefixMatch(tok, name string) bool {
	return tok != "" && len(tok) <= len(name) && strings.EqualFold(tok, name[:len(tok)])
}

// parseHostMask parses "host[/mask]" as libxtables 1.8.11's
// XTTYPE_HOSTMASK for family f: a numeric address or a host name that
// resolves to exactly one address, and a prefix length or a dotted
// (possibly non-contiguous) mask. For IPv4, padOnes reports that iptables
// leaves bytes 4-15 of the 16-byte kernel mask all ones: without a mask,
// and with a mask that is not a prefix.
func parseHostMask(f Family, s string) (addr, mask netip.Addr, padOnes bool, err error) {
	host, m, hasMask := strings.Cut(s, "/")
	if addr, err = parseHost(f, host); err != nil {
		return
	}
	bits := 32
	if f == FamilyIPv6 {
		bits = 128
	}
	if !hasMask {
		return addr, prefixMask(f, bits), f != FamilyIPv6, nil
	}
	if n, ok := ParseUint(m, 0, uint64(bits)); ok {
		return addr, prefixMask(f, int(n)), false, nil
	}
	mask, err = netip.ParseAddr(m)
	if err != nil && f != FamilyIPv6 {
		if v, ok := parseInetAton(m); ok {
			mask, err = v, nil // getaddrinfo's numeric IPv4 forms: "33" is 0.0.0.33
		}
	}
	if err != nil || mask.Is4() == (f == FamilyIPv6) || mask.Zone() != "" {
		return addr, mask, false, errorf("bad mask %q: neither a valid network mask nor valid CIDR (0-%d)", m, bits)
	}
	if _, ok := maskBits(mask); ok {
		return addr, mask, false, nil
	}
	return addr, mask, f != FamilyIPv6, nil
}

// prefixMask returns the mask with the n leading bits set.
func prefixMask(f Family, n int) netip.Addr {
	var b [16]byte
	for i := 0; i < n; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	if f == FamilyIPv6 {
		return netip.AddrFrom16(b)
	}
	return netip.AddrFrom4([4]byte(b[:4]))
}

// parseHost resolves a host as getaddrinfo(3) does for family f: numeric
// forms first, then names (the hosts file, then DNS).
func parseHost(f Family, s string) (netip.Addr, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		if a.Is4() != (f != FamilyIPv6) {
			return netip.Addr{}, errorf("%q is not an %s address", s, f)
		}
		return a, nil
	}
	if f != FamilyIPv6 {
		if a, ok := parseInetAton(s); ok {
			return a, nil
		}
	}
	if s == "" {
		return netip.Addr{}, errorf("empty host name")
	}
	network := "ip4"
	if f == FamilyIPv6 {
		network = "ip6"
	}
	addrs, err := net.DefaultResolver.LookupNetIP(context.Background(), network, s)
	if err != nil || len(addrs) == 0 {
		return netip.Addr{}, errorf("host %q not found", s)
	}
	a := addrs[0].Unmap()
	for _, b := range addrs[1:] {
		if b.Unmap() != a {
			return netip.Addr{}, errorf("%s resolves to more than one address", s)
		}
	}
	if f == FamilyIPv6 {
		a = netip.AddrFrom16(addrs[0].As16())
	}
	return a, nil
}

// parseInetAton parses the IPv4 forms inet_aton(3) accepts besides the
// dotted quad: "a", "a.b", "a.b.c", with octal and hex parts.
func parseInetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var v [4]uint64
	for i, p := range parts {
		if p == "" || p[0] == '+' || p[0] == ' ' {
			return netip.Addr{}, false
		}
		n, ok := ParseUint(p, 0, 0)
		if !ok {
			return netip.Addr{}, false
		}
		v[i] = n
	}
	n := len(parts)
	for i := 0; i < n-1; i++ {
		if v[i] > 255 {
			return netip.Addr{}, false
		}
	}
	if v[n-1] >= 1<<(8*(5-n)) {
		return netip.Addr{}, false
	}
	var x uint32
	for i := 0; i < n-1; i++ {
		x |= uint32(v[i]) << (24 - 8*i)
	}
	x |= uint32(v[n-1])
	return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}), true
}

// appendAddrMask appends " ADDR[/MASK]" as iptables prints a numeric
// address with xtables_ip(6)mask_to_numeric: no suffix for a full mask, /N
// for a contiguous one, /DOTTED otherwise. Invalid addresses print as the
// family's zero address.
func appendAddrMask(b []byte, addr, mask netip.Addr) []byte {
	is6 := addr.Is6() || mask.Is6()
	zero := netip.IPv4Unspecified()
	if is6 {
		zero = netip.IPv6Unspecified()
	}
	if !addr.IsValid() {
		addr = zero
	}
	b = append(b, ' ')
	b = addr.AppendTo(b)
	return appendMaskSuffix(b, mask, is6)
}

// appendMaskSuffix is xtables_ip(6)mask_to_numeric: nothing for a full
// mask, /N for a contiguous one, /DOTTED otherwise; an invalid mask is the
// family's zero.
func appendMaskSuffix(b []byte, mask netip.Addr, is6 bool) []byte {
	if !mask.IsValid() {
		mask = netip.IPv4Unspecified()
		if is6 {
			mask = netip.IPv6Unspecified()
		}
	}
	n, ok := maskBits(mask)
	switch {
	case !ok:
		b = append(b, '/')
		b = mask.AppendTo(b)
	case n != mask.BitLen():
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return b
}

// maskBits returns the prefix length of a contiguous mask.
func maskBits(mask netip.Addr) (int, bool) {
	s := mask.AsSlice()
	n := 0
	for n < len(s)*8 && s[n/8]&(0x80>>(n%8)) != 0 {
		n++
	}
	for i := n; i < len(s)*8; i++ {
		if s[i/8]&(0x80>>(i%8)) != 0 {
			return 0, false
		}
	}
	return n, true
}

// appendInetAddr appends a as union nf_inet_addr (16 bytes): an IPv4
// address in the first 4 bytes, the invalid Addr as zeros.
func appendInetAddr(b []byte, a netip.Addr) []byte {
	var buf [16]byte
	switch {
	case a.Is4():
		v := a.As4()
		copy(buf[:], v[:])
	case a.Is6():
		buf = a.As16()
	}
	return append(b, buf[:]...)
}

// appendInetMask appends an IPv4 or IPv6 mask as union nf_inet_addr;
// padOnes fills bytes 4-15 of an IPv4 mask with ones, as iptables does.
func appendInetMask(b []byte, m netip.Addr, padOnes bool) []byte {
	b = appendInetAddr(b, m)
	if padOnes && !m.Is6() {
		for i := len(b) - 12; i < len(b); i++ {
			b[i] = 0xff
		}
	}
	return b
}

// inetTail reports whether bytes 4-15 of a union nf_inet_addr are all
// zero or all ones.
func inetTail(p []byte) (zero, ones bool) {
	zero, ones = true, true
	for _, c := range p[4:16] {
		zero = zero && c == 0
		ones = ones && c == 0xff
	}
	return zero, ones
}

// inetAddr decodes a union nf_inet_addr as IPv4 (first 4 bytes) or IPv6.
func inetAddr(p []byte, is4 bool) netip.Addr {
	if is4 {
		return netip.AddrFrom4([4]byte(p[:4]))
	}
	return netip.AddrFrom16([16]byte(p[:16]))
}

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// readLines calls fn with each line of a file; a missing file has none.
func readLines(path string, fn func(string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fn(s.Text())
	}
}
