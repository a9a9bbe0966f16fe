package xt

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
)

// PolicyMaxElem is XT_POLICY_MAX_ELEM, the most elements a policy match
// describes.
const PolicyMaxElem = 4

const (
	policyElemSize = 76                               // sizeof(struct xt_policy_elem)
	policySize     = PolicyMaxElem*policyElemSize + 4 // sizeof(struct xt_policy_info)
)

// PolicyFlags are the XT_POLICY_MATCH_* flags of a policy match.
type PolicyFlags uint16

// Policy match flags.
const (
	PolicyIn     PolicyFlags = 0x1 // XT_POLICY_MATCH_IN: --dir in
	PolicyOut    PolicyFlags = 0x2 // XT_POLICY_MATCH_OUT: --dir out
	PolicyNone   PolicyFlags = 0x4 // XT_POLICY_MATCH_NONE: --pol none
	PolicyStrict PolicyFlags = 0x8 // XT_POLICY_MATCH_STRICT: --strict
)

// String returns the flag names joined by "|".
func (f PolicyFlags) String() string {
	var parts []string
	for _, n := range [...]struct {
		f    PolicyFlags
		name string
	}{{PolicyIn, "in"}, {PolicyOut, "out"}, {PolicyNone, "none"}, {PolicyStrict, "strict"}} {
		if f&n.f != 0 {
			parts = append(parts, n.name)
			f &^= n.f
		}
	}
	if f != 0 {
		parts = append(parts, string(appendHex(nil, uint64(f))))
	}
	return strings.Join(parts, "|")
}

// PolicyMode is an IPsec mode (enum xt_policy_modes).
type PolicyMode uint8

// IPsec modes.
const (
	PolicyTransport PolicyMode = 0 // XT_POLICY_MODE_TRANSPORT
	PolicyTunnel    PolicyMode = 1 // XT_POLICY_MODE_TUNNEL
)

// String returns "transport", "tunnel" or, as iptables prints an unknown
// mode, "???".
func (m PolicyMode) String() string {
	switch m {
	case PolicyTransport:
		return "transport"
	case PolicyTunnel:
		return "tunnel"
	}
	return "???"
}

// PolicySpec is the bit set of struct xt_policy_spec: which fields of an
// element are matched, or inverted.
type PolicySpec uint8

// Policy element fields.
const (
	PolicyFieldSaddr PolicySpec = 1 << 0 // --tunnel-src
	PolicyFieldDaddr PolicySpec = 1 << 1 // --tunnel-dst
	PolicyFieldProto PolicySpec = 1 << 2 // --proto
	PolicyFieldMode  PolicySpec = 1 << 3 // --mode
	PolicyFieldSPI   PolicySpec = 1 << 4 // --spi
	PolicyFieldReqID PolicySpec = 1 << 5 // --reqid
)

// String returns the field names joined by "|".
func (s PolicySpec) String() string {
	var parts []string
	for i, n := range [...]string{"saddr", "daddr", "proto", "mode", "spi", "reqid", "bit6", "bit7"} {
		if s&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// PolicyAddr is a tunnel address and mask of a policy element. PadOnes
// says that bytes 4-15 of an IPv4 mask are all ones, as iptables leaves
// them for a host address.
type PolicyAddr struct {
	Addr, Mask netip.Addr
	PadOnes    bool
}

// PolicyElem is one element of a policy match (struct xt_policy_elem).
// Only the fields whose bit is set in Match are compared.
type PolicyElem struct {
	Src, Dst PolicyAddr // --tunnel-src, --tunnel-dst
	// SPI is --spi as iptables stores it: the number in host byte order,
	// although the kernel compares it with the SPI in network order.
	SPI    uint32
	ReqID  uint32 // --reqid
	Proto  uint8  // --proto: IPPROTO_AH, IPPROTO_ESP or IPPROTO_COMP
	Mode   PolicyMode
	Match  PolicySpec // fields matched
	Invert PolicySpec // fields inverted
}

// Policy is the policy match (-m policy): struct xt_policy_info in
// /usr/include/linux/netfilter/xt_policy.h, revision 0. It matches the
// IPsec policy a packet was decapsulated with (--dir in) or will be
// encapsulated with (--dir out).
//
// Len elements of Elems are in use; iptables leaves the others zero
// (with --pol none, the first one may hold options although Len is 0).
// Addresses are decoded as IPv4 unless their bytes show IPv6.
type Policy struct {
	matchBase
	Flags PolicyFlags
	Len   uint16
	Elems [PolicyMaxElem]PolicyElem
}

// Name returns "policy".
func (*Policy) Name() string { return "policy" }

// Revision returns 0.
func (*Policy) Revision() uint8 { return 0 }

var errPolicyLen = errors.New("policy: more than 4 elements")

// AppendBinary appends struct xt_policy_info.
func (m *Policy) AppendBinary(b []byte) ([]byte, error) {
	ne := binary.NativeEndian
	for i := range m.Elems {
		e := &m.Elems[i]
		b = appendInetAddr(b, e.Src.Addr)
		b = appendInetMask(b, e.Src.Mask, e.Src.PadOnes)
		b = appendInetAddr(b, e.Dst.Addr)
		b = appendInetMask(b, e.Dst.Mask, e.Dst.PadOnes)
		b = ne.AppendUint32(b, e.SPI)
		b = ne.AppendUint32(b, e.ReqID)
		b = append(b, e.Proto, uint8(e.Mode), uint8(e.Match), uint8(e.Invert))
	}
	b = ne.AppendUint16(b, uint16(m.Flags))
	return ne.AppendUint16(b, m.Len), nil
}

func decodePolicy(d []byte) (Extension, error) {
	if len(d) < policySize {
		return nil, ErrTruncated
	}
	ne := binary.NativeEndian
	m := &Policy{
		Flags: PolicyFlags(ne.Uint16(d[policySize-4:])),
		Len:   ne.Uint16(d[policySize-2:]),
	}
	if m.Len > PolicyMaxElem {
		return nil, errPolicyLen
	}
	is4 := true
	for i := 0; i < 4*PolicyMaxElem; i++ {
		p := d[(i/4)*policyElemSize+(i%4)*16:]
		z, o := inetTail(p)
		is4 = is4 && (z || (i%2 == 1 && o))
	}
	for i := range m.Elems {
		p := d[i*policyElemSize:]
		e := &m.Elems[i]
		e.Match, e.Invert = PolicySpec(p[74]), PolicySpec(p[75])
		for j, a := range [2]*PolicyAddr{&e.Src, &e.Dst} {
			addr, mask := p[32*j:32*j+16], p[32*j+16:32*j+32]
			if e.Match&(PolicyFieldSaddr<<j) != 0 || !allZero(addr) || !allZero(mask) {
				a.Addr, a.Mask = inetAddr(addr, is4), inetAddr(mask, is4)
				_, ones := inetTail(mask)
				a.PadOnes = ones && is4
			}
		}
		e.SPI = ne.Uint32(p[64:])
		e.ReqID = ne.Uint32(p[68:])
		e.Proto, e.Mode = p[72], PolicyMode(p[73])
	}
	return m, nil
}

// appendPolicy appends what save (prefix "--") and print (prefix "")
// share: the flags, then each element.
func (m *Policy) appendPolicy(b []byte, prefix string, numeric, save bool) []byte {
	if m.Flags&PolicyIn != 0 {
		b = append(b, ' ')
		b = append(append(b, prefix...), "dir in"...)
	} else {
		b = append(b, ' ')
		b = append(append(b, prefix...), "dir out"...)
	}
	b = append(append(b, ' '), prefix...)
	if m.Flags&PolicyNone != 0 {
		b = append(b, "pol none"...)
	} else {
		b = append(b, "pol ipsec"...)
	}
	if m.Flags&PolicyStrict != 0 {
		b = append(append(append(b, ' '), prefix...), "strict"...)
	}
	n := int(m.Len)
	if n > PolicyMaxElem {
		n = PolicyMaxElem
	}
	for i := 0; i < n; i++ {
		if !save && n > 1 {
			b = appendUint(append(b, " ["...), uint8(i))
			b = append(b, ']')
		}
		b = m.Elems[i].appendElem(b, prefix, numeric)
		if save && i+1 < n {
			b = append(b, " --next"...)
		}
	}
	return b
}

// appendField appends " [!] PREFIXNAME" for field f of e.
func (e *PolicyElem) appendField(b []byte, f PolicySpec, prefix, name string) []byte {
	if e.Invert&f != 0 {
		b = append(b, " !"...)
	}
	b = append(append(b, ' '), prefix...)
	return append(b, name...)
}

func (e *PolicyElem) appendElem(b []byte, prefix string, numeric bool) []byte {
	if e.Match&PolicyFieldReqID != 0 {
		b = appendUint(e.appendField(b, PolicyFieldReqID, prefix, "reqid "), e.ReqID)
	}
	if e.Match&PolicyFieldSPI != 0 {
		b = appendHex(e.appendField(b, PolicyFieldSPI, prefix, "spi "), uint64(e.SPI))
	}
	if e.Match&PolicyFieldProto != 0 {
		b = e.appendField(b, PolicyFieldProto, prefix, "proto ")
		if n := lookupProtocols().byNum[uint16(e.Proto)]; n != "" && !numeric {
			b = append(b, n...)
		} else {
			b = appendUint(b, e.Proto)
		}
	}
	if e.Match&PolicyFieldMode != 0 {
		b = append(e.appendField(b, PolicyFieldMode, prefix, "mode "), e.Mode.String()...)
	}
	if e.Match&PolicyFieldDaddr != 0 {
		b = appendAddrMask(e.appendField(b, PolicyFieldDaddr, prefix, "tunnel-dst"), e.Dst.Addr, e.Dst.Mask)
	}
	if e.Match&PolicyFieldSaddr != 0 {
		b = appendAddrMask(e.appendField(b, PolicyFieldSaddr, prefix, "tunnel-src"), e.Src.Addr, e.Src.Mask)
	}
	return b
}

// AppendSave appends " --dir D --pol P [--strict]" and each element's
// options, "--next" between elements, as libxt_policy's save does.
func (m *Policy) AppendSave(b []byte) []byte {
	return m.appendPolicy(b, "--", false, true)
}

// AppendPrint appends " policy match dir D pol P [strict]" and the
// elements, numbered " [i]" when there are several (policy4_print).
func (m *Policy) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " policy match"...)
	return m.appendPolicy(b, "", numeric, false)
}

func buildPolicy(ctx *Context, opts []Opt) (Extension, error) {
	m := &Policy{}
	strict := false
	for _, o := range opts {
		strict = strict || o.Name == "strict"
	}
	n := 0 // current element
	for _, o := range opts {
		e := &m.Elems[n]
		var f PolicySpec
		switch o.Name {
		case "dir":
			switch o.Arg {
			case "in":
				m.Flags |= PolicyIn
			case "out":
				m.Flags |= PolicyOut
			default:
				return nil, OptErr("policy", o, "invalid dir")
			}
		case "pol":
			switch o.Arg {
			case "none":
				m.Flags |= PolicyNone
			case "ipsec":
			default:
				return nil, OptErr("policy", o, "invalid policy")
			}
		case "strict":
			m.Flags |= PolicyStrict
		case "reqid", "spi":
			v, ok := ParseUint(o.Arg, 0, 0xffffffff)
			if !ok {
				return nil, OptErr("policy", o, "bad value, or out of range (0-4294967295)")
			}
			if o.Name == "reqid" {
				f, e.ReqID = PolicyFieldReqID, uint32(v)
			} else {
				f, e.SPI = PolicyFieldSPI, uint32(v)
			}
		case "tunnel-src", "tunnel-dst":
			addr, mask, pad, err := parseHostMask(ctx.Family, o.Arg)
			if err != nil {
				return nil, OptErr("policy", o, "%v", err)
			}
			a := &e.Src
			f = PolicyFieldSaddr
			if o.Name == "tunnel-dst" {
				a, f = &e.Dst, PolicyFieldDaddr
			}
			if e.Match&f == 0 {
				*a = PolicyAddr{Addr: addr, Mask: mask, PadOnes: pad}
			}
		case "proto":
			p, ok := ParseProto(o.Arg)
			if !ok {
				return nil, OptErr("policy", o, "unknown protocol")
			}
			if e.Match&PolicyFieldProto == 0 && p != 50 && p != 51 && p != 108 {
				return nil, OptErr("policy", o, "protocol must be ah/esp/ipcomp")
			}
			f, e.Proto = PolicyFieldProto, uint8(p)
		case "mode":
			switch o.Arg {
			case "transport":
				e.Mode = PolicyTransport
			case "tunnel":
				e.Mode = PolicyTunnel
			default:
				return nil, OptErr("policy", o, "invalid mode")
			}
			f = PolicyFieldMode
		case "next":
			if !strict {
				return nil, OptErr("policy", o, "also requires --strict")
			}
			if n++; n == PolicyMaxElem {
				return nil, OptErr("policy", o, "maximum policy depth reached")
			}
		}
		if f != 0 {
			if e.Match&f != 0 {
				return nil, OptErr("policy", o, "double --%s option", o.Name)
			}
			e.Match |= f
			if o.Invert {
				e.Invert |= f
			}
		}
	}
	m.Len = uint16(n)
	if m.Flags&(PolicyIn|PolicyOut) == 0 {
		return nil, &OptionError{Ext: "policy", Option: "dir", Msg: "neither --dir in nor --dir out specified"}
	}
	if m.Flags&PolicyNone != 0 {
		if m.Flags&PolicyStrict != 0 {
			return nil, &OptionError{Ext: "policy", Option: "strict", Msg: "policy none but --strict given"}
		}
		if m.Len != 0 {
			return nil, &OptionError{Ext: "policy", Option: "next", Msg: "policy none but policy given"}
		}
	} else {
		m.Len++
	}
	for i := 0; i < int(m.Len); i++ {
		e := &m.Elems[i]
		if strict && e.Match == 0 {
			return nil, ExtErr("policy", "empty policy element %d: --strict is in effect, but at least one of reqid, spi, tunnel-src, tunnel-dst, proto or mode is required", i)
		}
		if e.Match&(PolicyFieldSaddr|PolicyFieldDaddr) != 0 && (e.Mode == PolicyTunnel) == (e.Invert&PolicyFieldMode != 0) {
			return nil, ExtErr("policy", "--tunnel-src/--tunnel-dst is only valid in tunnel mode")
		}
	}
	return m, nil
}

// checkPolicy applies xt_policy's checkentry: a direction, no output
// policy in PREROUTING or INPUT, no input policy in POSTROUTING or
// OUTPUT, at most 4 elements.
func checkPolicy(ctx *Context, e Extension) error {
	m, ok := e.(*Policy)
	if !ok {
		return nil
	}
	h := HookOfChain(ctx.Chain)
	switch {
	case m.Flags&(PolicyIn|PolicyOut) == 0:
		return ExtErr("policy", "neither incoming nor outgoing policy selected")
	case h&(HookPreRouting|HookLocalIn) != 0 && m.Flags&PolicyOut != 0:
		return ExtErr("policy", "output policy not valid in PREROUTING and INPUT")
	case h&(HookPostRouting|HookLocalOut) != 0 && m.Flags&PolicyIn != 0:
		return ExtErr("policy", "input policy not valid in POSTROUTING and OUTPUT")
	case m.Len > PolicyMaxElem:
		return errPolicyLen
	}
	return nil
}

// policySpec is the policy match (net/netfilter/xt_policy.c,
// libxt_policy.c).
var policySpec = Spec{
	Kind: KindMatch,
	Name: "policy",
	Revisions: []Revision{
		{Revision: 0, Size: policySize, Decode: decodePolicy},
	},
	Options: []Option{
		{Name: "dir", Arg: RequiredArg},
		{Name: "pol", Arg: RequiredArg},
		{Name: "strict", Arg: NoArg},
		{Name: "reqid", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "spi", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "tunnel-src", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "tunnel-dst", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "proto", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "mode", Arg: RequiredArg, Invert: true, Multi: true},
		{Name: "next", Arg: NoArg, Multi: true},
	},
	Build: buildPolicy,
	Check: checkPolicy,
}
