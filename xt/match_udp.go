package xt

import "strings"

// UDPInv holds the inversion flags of the udp match (xt_udp.invflags).
type UDPInv uint8

// Inversion flags (XT_UDP_INV_*).
const (
	UDPInvSrcPorts UDPInv = 0x01 // XT_UDP_INV_SRCPT: ! --sport
	UDPInvDstPorts UDPInv = 0x02 // XT_UDP_INV_DSTPT: ! --dport
	udpInvMask     UDPInv = 0x03 // XT_UDP_INV_MASK
)

// UDP is the udp match (-m udp): struct xt_udp in
// /usr/include/linux/netfilter/xt_tcpudp.h, revision 0 only. The rule must
// say -p udp.
//
// The zero value matches every UDP packet: nil port ranges mean 0:65535,
// iptables' default.
type UDP struct {
	matchBase
	// SrcPorts and DstPorts are the port ranges (--sport, --dport); nil
	// means every port.
	SrcPorts, DstPorts *PortRange
	// Invert negates the tests named by its bits.
	Invert UDPInv
}

const udpSize = 10 // sizeof(struct xt_udp), with one byte of tail padding

// Name returns "udp".
func (*UDP) Name() string { return "udp" }

// Revision returns 0.
func (*UDP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_udp: spts, dpts, invflags and the
// struct's padding byte.
func (m *UDP) AppendBinary(b []byte) ([]byte, error) {
	b = appendPorts(b, m.SrcPorts)
	b = appendPorts(b, m.DstPorts)
	return append(b, byte(m.Invert), 0), nil
}

// AppendSave appends the options as iptables 1.8.11's udp_save prints them.
func (m *UDP) AppendSave(b []byte) []byte {
	b = appendSavePorts(b, "sport", m.SrcPorts, m.Invert&UDPInvSrcPorts != 0)
	return appendSavePorts(b, "dport", m.DstPorts, m.Invert&UDPInvDstPorts != 0)
}

// AppendPrint appends the options as iptables 1.8.11's udp_print lists
// them: " udp spt:domain dpts:1024:65535".
func (m *UDP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " udp"...)
	b = appendPrintPorts(b, "spt", m.SrcPorts, m.Invert&UDPInvSrcPorts != 0, "udp", numeric)
	b = appendPrintPorts(b, "dpt", m.DstPorts, m.Invert&UDPInvDstPorts != 0, "udp", numeric)
	if bad := m.Invert &^ udpInvMask; bad != 0 {
		b = appendUnknownInv(b, uint8(bad))
	}
	return b
}

type udpDecoded struct {
	m     UDP
	ports [2]PortRange
}

func decodeUDP(data []byte) (Extension, error) {
	if len(data) < udpSize {
		return nil, ErrTruncated
	}
	d := &udpDecoded{}
	d.m = UDP{
		SrcPorts: decodePorts(data[0:], &d.ports[0]),
		DstPorts: decodePorts(data[4:], &d.ports[1]),
		Invert:   UDPInv(data[8]),
	}
	return &d.m, nil
}

// gaiPort resolves a port the way libxtables' xtables_getportbyname does,
// through getaddrinfo(NULL, s): glibc reads a decimal strtoul (leading
// blanks and a sign allowed, "" is 0), keeps it only if it is non-negative
// as a C int, and truncates it to 16 bits; anything else is a service name
// of any protocol.
func gaiPort(s string) (uint16, bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	n := 0
	var v uint64
	overflow := false
	for n < len(t) && '0' <= t[n] && t[n] <= '9' {
		d := uint64(t[n] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		}
		v = v*10 + d
		n++
	}
	switch {
	case s == "":
		return 0, true
	case n == 0 || n != len(t):
		return LookupService(s, "")
	case overflow:
		return 0, false // ULONG_MAX is -1 as an int
	}
	if neg {
		v = -v
	}
	if int32(uint32(v)) < 0 {
		return 0, false
	}
	return uint16(v), true
}

// parseMPortRange parses an xtables XTTYPE_PORTRC argument ("P", "A:B",
// "A:", ":B", ":"), as libxtables 1.8.11's xtopt_parse_mport does: at most
// two components, empty ones default to 0 and 65535, a single port is a
// range of one, and a range may not run backwards.
func parseMPortRange(ext string, o Opt) (PortRange, error) {
	r := PortRange{0, 0xffff}
	parts := strings.Split(o.Arg, ":")
	if len(parts) > 2 {
		return r, OptErr(ext, o, "too many components (max: 2)")
	}
	prev := 0
	for i, p := range parts {
		if p == "" {
			continue
		}
		v, ok := gaiPort(p)
		if !ok {
			return r, OptErr(ext, o, "port %q does not resolve to anything", p)
		}
		if int(v) < prev {
			return r, OptErr(ext, o, "port range %d-%d is negative", prev, v)
		}
		prev = int(v)
		if i == 0 {
			r.Min = v
		} else {
			r.Max = v
		}
	}
	if len(parts) == 1 {
		r.Max = r.Min
	}
	return r, nil
}

func buildUDP(_ *Context, opts []Opt) (Extension, error) {
	m := &UDP{}
	var ports [2]*PortRange
	var seen [2]bool
	for _, o := range opts {
		d := portOptDir(o.Name)
		if d < 0 {
			continue
		}
		if seen[d] {
			return nil, OptErr("udp", o, "option --%s can only be used once", portOptLong[d])
		}
		seen[d] = true
		r, err := parseMPortRange("udp", o)
		if err != nil {
			return nil, err
		}
		if !portsAny(&r) {
			ports[d] = &r
		}
		if o.Invert {
			m.Invert |= UDPInvSrcPorts << d
		}
	}
	m.SrcPorts, m.DstPorts = ports[0], ports[1]
	return m, nil
}

// checkUDP is the kernel's udp_mt_check: no unknown inversion flags.
func checkUDP(_ *Context, e Extension) error {
	if m, ok := e.(*UDP); ok && m.Invert&^udpInvMask != 0 {
		return ExtErr("udp", "unknown inversion flags %#x", uint8(m.Invert&^udpInvMask))
	}
	return nil
}

// udpSpec is the udp match (net/netfilter/xt_tcpudp.c, libxt_udp.c).
var udpSpec = Spec{
	Kind: KindMatch,
	Name: "udp",
	Revisions: []Revision{
		{Revision: 0, Size: udpSize, Decode: decodeUDP},
	},
	Options: []Option{
		{Name: "source-port", Arg: RequiredArg, Invert: true},
		{Name: "sport", Arg: RequiredArg, Invert: true},
		{Name: "destination-port", Arg: RequiredArg, Invert: true},
		{Name: "dport", Arg: RequiredArg, Invert: true},
	},
	Build: buildUDP,
	Proto: 17, // IPPROTO_UDP
	Check: checkUDP,
}
