package xt

import (
	"encoding/binary"
	"net/netip"
	"strings"
)

const ipvsSize = 40 // sizeof(struct xt_ipvs_mtinfo)

// IPVSFlags are the XT_IPVS_* bits of an ipvs match's bitmask and invert
// fields.
type IPVSFlags uint8

// ipvs match fields.
const (
	IPVSProperty IPVSFlags = 1 << 0 // XT_IPVS_IPVS_PROPERTY: --ipvs
	IPVSProto    IPVSFlags = 1 << 1 // XT_IPVS_PROTO: --vproto
	IPVSVAddr    IPVSFlags = 1 << 2 // XT_IPVS_VADDR: --vaddr
	IPVSVPort    IPVSFlags = 1 << 3 // XT_IPVS_VPORT: --vport
	IPVSDir      IPVSFlags = 1 << 4 // XT_IPVS_DIR: --vdir (inverted: REPLY)
	IPVSMethod   IPVSFlags = 1 << 5 // XT_IPVS_METHOD: --vmethod
	IPVSVPortCtl IPVSFlags = 1 << 6 // XT_IPVS_VPORTCTL: --vportctl

	// IPVSOnceMask is XT_IPVS_ONCE_MASK: every field but IPVSProperty.
	IPVSOnceMask IPVSFlags = 0x7e
)

// String returns the field names joined by "|".
func (f IPVSFlags) String() string {
	var parts []string
	for i, n := range [...]string{"ipvs", "vproto", "vaddr", "vport", "vdir", "vmethod", "vportctl", "bit7"} {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// IPVSFwd is an IPVS forwarding method (IP_VS_CONN_F_FWD_MASK values
// of linux/ip_vs.h).
type IPVSFwd uint8

// IPVS forwarding methods.
const (
	IPVSMasq      IPVSFwd = 0 // IP_VS_CONN_F_MASQ: MASQ
	IPVSLocalNode IPVSFwd = 1 // IP_VS_CONN_F_LOCALNODE
	IPVSTunnel    IPVSFwd = 2 // IP_VS_CONN_F_TUNNEL: IPIP
	IPVSDRoute    IPVSFwd = 3 // IP_VS_CONN_F_DROUTE: GATE
	IPVSBypass    IPVSFwd = 4 // IP_VS_CONN_F_BYPASS
)

// String returns iptables' name of the method: GATE, IPIP, MASQ, or
// UNKNOWN for the others.
func (m IPVSFwd) String() string {
	switch m {
	case IPVSDRoute:
		return "GATE"
	case IPVSTunnel:
		return "IPIP"
	case IPVSMasq:
		return "MASQ"
	}
	return "UNKNOWN"
}

// IPVS is the ipvs match (-m ipvs): struct xt_ipvs_mtinfo in
// /usr/include/linux/netfilter/xt_ipvs.h, revision 0. It matches packets
// of IPVS connections by their virtual service. Only fields whose bit is
// set in Match are compared; a bit set in Invert negates the test (for
// IPVSDir it selects the REPLY direction).
//
// Addresses are decoded as IPv4 unless their bytes show IPv6. PadOnes
// says that bytes 4-15 of an IPv4 mask are all ones, as iptables leaves
// them for a host address.
type IPVS struct {
	matchBase
	VAddr, VMask netip.Addr
	PadOnes      bool
	VPort        uint16 // host order; big-endian in the kernel struct
	Proto        uint8  // l4proto
	Method       IPVSFwd
	VPortCtl     uint16 // host order; big-endian in the kernel struct
	Invert       IPVSFlags
	Match        IPVSFlags // bitmask
}

// Name returns "ipvs".
func (*IPVS) Name() string { return "ipvs" }

// Revision returns 0.
func (*IPVS) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_ipvs_mtinfo.
func (m *IPVS) AppendBinary(b []byte) ([]byte, error) {
	b = appendInetAddr(b, m.VAddr)
	b = appendInetMask(b, m.VMask, m.PadOnes)
	b = binary.BigEndian.AppendUint16(b, m.VPort)
	b = append(b, m.Proto, uint8(m.Method))
	b = binary.BigEndian.AppendUint16(b, m.VPortCtl)
	return append(b, uint8(m.Invert), uint8(m.Match)), nil
}

func decodeIPVS(d []byte) (Extension, error) {
	if len(d) < ipvsSize {
		return nil, ErrTruncated
	}
	m := &IPVS{
		VPort:    binary.BigEndian.Uint16(d[32:]),
		Proto:    d[34],
		Method:   IPVSFwd(d[35]),
		VPortCtl: binary.BigEndian.Uint16(d[36:]),
		Invert:   IPVSFlags(d[38]),
		Match:    IPVSFlags(d[39]),
	}
	if m.Match&IPVSVAddr != 0 || !allZero(d[:32]) {
		az, _ := inetTail(d)
		mz, mo := inetTail(d[16:])
		is4 := az && (mz || mo)
		m.VAddr, m.VMask = inetAddr(d, is4), inetAddr(d[16:], is4)
		m.PadOnes = is4 && mo
	}
	return m, nil
}

// appendIPVS appends what save (prefix "--", numeric) and print (prefix
// "") share (ipvs_mt_dump).
func (m *IPVS) appendIPVS(b []byte, prefix string, numeric bool) []byte {
	field := func(b []byte, f IPVSFlags, name string) []byte {
		if m.Invert&f != 0 {
			b = append(b, " !"...)
		}
		b = append(append(b, ' '), prefix...)
		return append(b, name...)
	}
	if m.Match == IPVSProperty {
		b = field(b, IPVSProperty, "ipvs")
	}
	if m.Match&IPVSProto != 0 {
		b = appendUint(field(b, IPVSProto, "vproto "), m.Proto)
	}
	if m.Match&IPVSVAddr != 0 {
		b = field(b, IPVSVAddr, "vaddr")
		a := m.VAddr
		if !a.IsValid() {
			a = netip.IPv4Unspecified()
		}
		if !numeric && a.IsUnspecified() {
			b = append(b, " anywhere"...)
		} else {
			b = appendAddrMask(b, a, m.VMask)
		}
	}
	if m.Match&IPVSVPort != 0 {
		b = appendUint(field(b, IPVSVPort, "vport "), m.VPort)
	}
	if m.Match&IPVSDir != 0 {
		b = append(append(b, ' '), prefix...)
		if m.Invert&IPVSDir != 0 {
			b = append(b, "vdir REPLY"...)
		} else {
			b = append(b, "vdir ORIGINAL"...)
		}
	}
	if m.Match&IPVSMethod != 0 {
		b = append(append(field(b, IPVSMethod, "vmethod"), ' '), m.Method.String()...)
	}
	if m.Match&IPVSVPortCtl != 0 {
		b = appendUint(field(b, IPVSVPortCtl, "vportctl "), m.VPortCtl)
	}
	return b
}

// AppendSave appends the options as libxt_ipvs's save prints them:
// --ipvs only when nothing else is matched, --vproto as a number.
func (m *IPVS) AppendSave(b []byte) []byte { return m.appendIPVS(b, "--", true) }

// AppendPrint appends the -L form (ipvs_mt4_print): " ipvs", " vproto
// 6", " vaddr anywhere" without -n, and so on.
func (m *IPVS) AppendPrint(b []byte, numeric bool) []byte { return m.appendIPVS(b, "", numeric) }

// buildIPVS follows libxt_ipvs's parse and final check: every option but
// --ipvs implies --ipvs, which may then not be inverted.
func buildIPVS(ctx *Context, opts []Opt) (Extension, error) {
	m := &IPVS{}
	for _, o := range opts {
		var f IPVSFlags
		switch o.Name {
		case "ipvs":
			f = IPVSProperty
		case "vproto":
			p, ok := ParseProto(o.Arg)
			if !ok || p > 255 {
				return nil, OptErr("ipvs", o, "unknown protocol")
			}
			f, m.Proto = IPVSProto, uint8(p)
		case "vaddr":
			addr, mask, pad, err := parseHostMask(ctx.Family, o.Arg)
			if err != nil {
				return nil, OptErr("ipvs", o, "%v", err)
			}
			f, m.VAddr, m.VMask, m.PadOnes = IPVSVAddr, addr, mask, pad
		case "vport", "vportctl":
			p, ok := ParsePort(o.Arg, "")
			if !ok {
				return nil, OptErr("ipvs", o, "invalid port/service")
			}
			if o.Name == "vport" {
				f, m.VPort = IPVSVPort, p
			} else {
				f, m.VPortCtl = IPVSVPortCtl, p
			}
		case "vdir":
			switch {
			case strings.EqualFold(o.Arg, "ORIGINAL"):
				m.Invert &^= IPVSDir
			case strings.EqualFold(o.Arg, "REPLY"):
				m.Invert |= IPVSDir
			default:
				return nil, OptErr("ipvs", o, "bad value")
			}
			f = IPVSDir
		case "vmethod":
			switch {
			case strings.EqualFold(o.Arg, "GATE"):
				m.Method = IPVSDRoute
			case strings.EqualFold(o.Arg, "IPIP"):
				m.Method = IPVSTunnel
			case strings.EqualFold(o.Arg, "MASQ"):
				m.Method = IPVSMasq
			default:
				return nil, OptErr("ipvs", o, "bad value")
			}
			f = IPVSMethod
		}
		m.Match |= f
		if o.Invert {
			m.Invert |= f
		}
	}
	if len(opts) == 0 {
		return nil, ExtErr("ipvs", "IPVS: At least one option is required")
	}
	if m.Match&IPVSOnceMask != 0 {
		if m.Invert&IPVSProperty != 0 {
			return nil, &OptionError{Ext: "ipvs", Option: "ipvs", Msg: "! --ipvs cannot be together with other options"}
		}
		m.Match |= IPVSProperty
	}
	return m, nil
}

// ipvsSpec is the ipvs match (net/netfilter/xt_ipvs.c, libxt_ipvs.c).
var ipvsSpec = Spec{
	Kind: KindMatch,
	Name: "ipvs",
	Revisions: []Revision{
		{Revision: 0, Size: ipvsSize, Decode: decodeIPVS},
	},
	Options: []Option{
		{Name: "ipvs", Arg: NoArg, Invert: true},
		{Name: "vproto", Arg: RequiredArg, Invert: true},
		{Name: "vaddr", Arg: RequiredArg, Invert: true},
		{Name: "vport", Arg: RequiredArg, Invert: true},
		{Name: "vdir", Arg: RequiredArg},
		{Name: "vmethod", Arg: RequiredArg, Invert: true},
		{Name: "vportctl", Arg: RequiredArg, Invert: true},
	},
	Build: buildIPVS,
}
