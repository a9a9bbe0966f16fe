package xt

import (
	"errors"
	"net/netip"
	"strings"
)

// IPRangeFlags are the IPRANGE_* flags of /usr/include/linux/netfilter/
// xt_iprange.h.
type IPRangeFlags uint8

// Iprange flags.
const (
	IPRangeSrc    IPRangeFlags = 1 << 0 // --src-range given
	IPRangeDst    IPRangeFlags = 1 << 1 // --dst-range given
	IPRangeSrcInv IPRangeFlags = 1 << 4 // ! --src-range
	IPRangeDstInv IPRangeFlags = 1 << 5 // ! --dst-range
)

// String returns the flags as option names.
func (f IPRangeFlags) String() string {
	var parts []string
	for _, x := range []struct {
		f IPRangeFlags
		n string
	}{{IPRangeSrc, "src"}, {IPRangeDst, "dst"}, {IPRangeSrcInv, "!src"}, {IPRangeDstInv, "!dst"}} {
		if f&x.f != 0 {
			parts = append(parts, x.n)
		}
	}
	return strings.Join(parts, ",")
}

// IPRange is the iprange match (-m iprange): it matches source and
// destination addresses against inclusive ranges. Its kernel struct per
// revision:
//   - 0 (IPv4 only): struct ipt_iprange_info (libxt_iprange.c; not in the
//     uapi headers any more): two pairs of __be32 and the flags;
//   - 1: struct xt_iprange_mtinfo in /usr/include/linux/netfilter/
//     xt_iprange.h: four union nf_inet_addr and the flags.
//
// Addresses are IPv4 or, in revision 1, IPv6; an address of a range that
// Flags does not select may be the zero Addr (encoded as zeros).
type IPRange struct {
	matchBase
	Rev            uint8 // kernel revision, 0 or 1
	Flags          IPRangeFlags
	SrcMin, SrcMax netip.Addr
	DstMin, DstMax netip.Addr
}

const (
	iprangeV0Size = 17 // sizeof(struct ipt_iprange_info)
	iprangeV1Size = 65 // sizeof(struct xt_iprange_mtinfo)
)

var errIPRangeAddr = errors.New("iprange: revision 0 holds IPv4 addresses only")

// Name returns "iprange".
func (*IPRange) Name() string { return "iprange" }

// Revision returns m.Rev.
func (m *IPRange) Revision() uint8 { return m.Rev }

func (m *IPRange) addrs() [4]netip.Addr { return [4]netip.Addr{m.SrcMin, m.SrcMax, m.DstMin, m.DstMax} }

// AppendBinary appends struct ipt_iprange_info (revision 0) or
// xt_iprange_mtinfo (revision 1).
func (m *IPRange) AppendBinary(b []byte) ([]byte, error) {
	switch m.Rev {
	case 0:
		for _, a := range m.addrs() {
			if a.IsValid() && !a.Is4() {
				return b, errIPRangeAddr
			}
			var v [4]byte
			if a.IsValid() {
				v = a.As4()
			}
			b = append(b, v[:]...)
		}
	case 1:
		for _, a := range m.addrs() {
			b = appendInetAddr(b, a)
		}
	default:
		return b, ExtErr("iprange", "unknown revision %d", m.Rev)
	}
	return append(b, byte(m.Flags)), nil
}

// appendRange appends "A-B", each address in numeric form (the zero Addr
// as the zero address of the other's family).
func appendRange(b []byte, lo, hi netip.Addr) []byte {
	b = appendNumericAddr(b, lo, hi)
	b = append(b, '-')
	return appendNumericAddr(b, hi, lo)
}

func appendNumericAddr(b []byte, a, other netip.Addr) []byte {
	if !a.IsValid() {
		a = netip.IPv4Unspecified()
		if other.Is6() {
			a = netip.IPv6Unspecified()
		}
	}
	return a.AppendTo(b)
}

// AppendSave appends " [!] --src-range A-B [!] --dst-range A-B" as
// libxt_iprange's save does.
func (m *IPRange) AppendSave(b []byte) []byte {
	if m.Flags&IPRangeSrc != 0 {
		b = appendInvPrefix(b, m.Flags&IPRangeSrcInv != 0)
		b = appendRange(append(b, " --src-range "...), m.SrcMin, m.SrcMax)
	}
	if m.Flags&IPRangeDst != 0 {
		b = appendInvPrefix(b, m.Flags&IPRangeDstInv != 0)
		b = appendRange(append(b, " --dst-range "...), m.DstMin, m.DstMax)
	}
	return b
}

// AppendPrint appends " source IP range [!] A-B destination IP range
// [!] A-B" (iprange_mt4_print).
func (m *IPRange) AppendPrint(b []byte, numeric bool) []byte {
	if m.Flags&IPRangeSrc != 0 {
		b = append(b, " source IP range"...)
		b = appendInvPrefix(b, m.Flags&IPRangeSrcInv != 0)
		b = appendRange(append(b, ' '), m.SrcMin, m.SrcMax)
	}
	if m.Flags&IPRangeDst != 0 {
		b = append(b, " destination IP range"...)
		b = appendInvPrefix(b, m.Flags&IPRangeDstInv != 0)
		b = appendRange(append(b, ' '), m.DstMin, m.DstMax)
	}
	return b
}

func decodeIPRange(rev uint8) func([]byte) (Extension, error) {
	return func(data []byte) (Extension, error) {
		m := &IPRange{Rev: rev}
		var a [4]netip.Addr
		if rev == 0 {
			if len(data) < iprangeV0Size {
				return nil, ErrTruncated
			}
			for i := range a {
				a[i] = netip.AddrFrom4([4]byte(data[4*i:]))
			}
			m.Flags = IPRangeFlags(data[16])
		} else {
			if len(data) < iprangeV1Size {
				return nil, ErrTruncated
			}
			is4 := true
			for i := range a {
				z, _ := inetTail(data[16*i:])
				is4 = is4 && z
			}
			for i := range a {
				a[i] = inetAddr(data[16*i:], is4)
			}
			m.Flags = IPRangeFlags(data[64])
		}
		// A range the flags do not select is usually all zeros: leave it
		// out.
		for i, used := range [4]bool{m.Flags&IPRangeSrc != 0, m.Flags&IPRangeSrc != 0, m.Flags&IPRangeDst != 0, m.Flags&IPRangeDst != 0} {
			if !used && a[i].IsUnspecified() {
				a[i] = netip.Addr{}
			}
		}
		m.SrcMin, m.SrcMax, m.DstMin, m.DstMax = a[0], a[1], a[2], a[3]
		return m, nil
	}
}

// parseIPRangeAddr parses one end of a range for family f, as
// xtables_numeric_to_ipaddr or xtables_numeric_to_ip6addr (inet_pton).
func parseIPRangeAddr(f Family, s string) (netip.Addr, bool) {
	if f != FamilyIPv6 {
		return parseNumericIPv4(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a, true
}

// parseIPRange parses "A[-B]" as libxt_iprange's iprange_parse_range: a
// single address is the range A-A. A reversed range is accepted (iptables
// only warns that it never matches).
func parseIPRange(f Family, o Opt) (lo, hi netip.Addr, err error) {
	a, b, isRange := strings.Cut(o.Arg, "-")
	if !isRange {
		b = a
	}
	var ok bool
	if lo, ok = parseIPRangeAddr(f, a); !ok {
		return lo, hi, OptErr("iprange", o, "bad value %q", a)
	}
	if hi, ok = parseIPRangeAddr(f, b); !ok {
		return lo, hi, OptErr("iprange", o, "bad value %q", b)
	}
	return lo, hi, nil
}

func buildIPRange(ctx *Context, opts []Opt) (Extension, error) {
	if ctx.Revision == 0 && ctx.Family != FamilyIPv4 {
		return nil, ExtErr("iprange", "revision 0 is IPv4 only")
	}
	m := &IPRange{Rev: ctx.Revision}
	for _, o := range opts {
		lo, hi, err := parseIPRange(ctx.Family, o)
		if err != nil {
			return nil, err
		}
		switch o.Name {
		case "src-range":
			m.SrcMin, m.SrcMax = lo, hi
			m.Flags |= IPRangeSrc
			if o.Invert {
				m.Flags |= IPRangeSrcInv
			}
		case "dst-range":
			m.DstMin, m.DstMax = lo, hi
			m.Flags |= IPRangeDst
			if o.Invert {
				m.Flags |= IPRangeDstInv
			}
		}
	}
	if m.Flags == 0 {
		return nil, verbatim("iprange", "you must specify --src-range or --dst-range", "iprange match: You must specify `--src-range' or `--dst-range'")
	}
	return m, nil
}

// iprangeSpec is the iprange match (net/netfilter/xt_iprange.c,
// libxt_iprange.c).
var iprangeSpec = Spec{
	Kind: KindMatch,
	Name: "iprange",
	Revisions: []Revision{
		{Revision: 0, Size: iprangeV0Size, Decode: decodeIPRange(0)},
		{Revision: 1, Size: iprangeV1Size, Decode: decodeIPRange(1)},
	},
	Options: []Option{
		{Name: "src-range", Arg: RequiredArg, Invert: true},
		{Name: "dst-range", Arg: RequiredArg, Invert: true},
	},
	Build: buildIPRange,
}
