package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// AddrTypes is a set of routing address types, bit 1 << RTN_* of
// linux/rtnetlink.h (XT_ADDRTYPE_* in xt_addrtype.h).
type AddrTypes uint16

// Address types.
const (
	AddrTypeUnspec      AddrTypes = 1 << 0
	AddrTypeUnicast     AddrTypes = 1 << 1
	AddrTypeLocal       AddrTypes = 1 << 2
	AddrTypeBroadcast   AddrTypes = 1 << 3
	AddrTypeAnycast     AddrTypes = 1 << 4
	AddrTypeMulticast   AddrTypes = 1 << 5
	AddrTypeBlackhole   AddrTypes = 1 << 6
	AddrTypeUnreachable AddrTypes = 1 << 7
	AddrTypeProhibit    AddrTypes = 1 << 8
	AddrTypeThrow       AddrTypes = 1 << 9
	AddrTypeNAT         AddrTypes = 1 << 10
	AddrTypeXResolve    AddrTypes = 1 << 11
)

// addrTypeNames are iptables' names of the address types, by bit.
var addrTypeNames = [...]string{
	"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
	"BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
}

// String returns the names iptables prints, comma-separated.
func (t AddrTypes) String() string { return string(t.appendNames(nil)) }

// appendNames appends the names of the known bits of t, comma-separated
// (libxt_addrtype's print_types).
func (t AddrTypes) appendNames(b []byte) []byte {
	sep := false
	for i, n := range addrTypeNames {
		if t&(1<<i) == 0 {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		b = append(b, n...)
		sep = true
	}
	return b
}

// parseAddrTypes parses a comma-separated list of address types as
// libxt_addrtype's parse_types: each item a case-insensitive prefix of a
// name, the first name it prefixes winning.
func parseAddrTypes(s string) (AddrTypes, bool) {
	var t AddrTypes
	for _, tok := range strings.Split(s, ",") {
		found := false
		for i, n := range addrTypeNames {
			if prefixMatch(tok, n) {
				t |= 1 << i
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return t, true
}

// AddrTypeFlags are the flags of addrtype revision 1 (XT_ADDRTYPE_* in
// xt_addrtype.h); revision 0 has the two inversions only.
type AddrTypeFlags uint32

// Addrtype flags.
const (
	AddrTypeInvSource     AddrTypeFlags = 0x1 // ! --src-type
	AddrTypeInvDest       AddrTypeFlags = 0x2 // ! --dst-type
	AddrTypeLimitIfaceIn  AddrTypeFlags = 0x4 // --limit-iface-in
	AddrTypeLimitIfaceOut AddrTypeFlags = 0x8 // --limit-iface-out
)

// String returns the flags as option names.
func (f AddrTypeFlags) String() string {
	var parts []string
	for _, x := range []struct {
		f AddrTypeFlags
		n string
	}{{AddrTypeInvSource, "!src-type"}, {AddrTypeInvDest, "!dst-type"},
		{AddrTypeLimitIfaceIn, "limit-iface-in"}, {AddrTypeLimitIfaceOut, "limit-iface-out"}} {
		if f&x.f != 0 {
			parts = append(parts, x.n)
		}
	}
	return strings.Join(parts, ",")
}

// AddrType is the addrtype match (-m addrtype): it matches the routing
// type of the source and destination addresses. Its kernel struct per
// revision, from /usr/include/linux/netfilter/xt_addrtype.h:
//   - 0 (IPv4 only): struct xt_addrtype_info, with the inversions in two
//     __u32 fields;
//   - 1: struct xt_addrtype_info_v1, with flags.
//
// A zero Src or Dst does not test that address. iptables needs at least
// one of --src-type and --dst-type.
type AddrType struct {
	matchBase
	Rev   uint8 // kernel revision, 0 or 1
	Src   AddrTypes
	Dst   AddrTypes
	Flags AddrTypeFlags // revision 0: the inversions only
}

const (
	addrtypeSize   = 12 // sizeof(struct xt_addrtype_info)
	addrtypeV1Size = 8  // sizeof(struct xt_addrtype_info_v1)
)

var errAddrTypeFlags = errors.New("addrtype: revision 0 has no interface limits")

// Name returns "addrtype".
func (*AddrType) Name() string { return "addrtype" }

// Revision returns m.Rev.
func (m *AddrType) Revision() uint8 { return m.Rev }

// AppendBinary appends struct xt_addrtype_info (revision 0) or
// xt_addrtype_info_v1 (revision 1).
func (m *AddrType) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Src))
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Dst))
	switch m.Rev {
	case 0:
		if m.Flags&^(AddrTypeInvSource|AddrTypeInvDest) != 0 {
			return b, errAddrTypeFlags
		}
		b = appendBool32(b, m.Flags&AddrTypeInvSource != 0)
		return appendBool32(b, m.Flags&AddrTypeInvDest != 0), nil
	case 1:
		return binary.NativeEndian.AppendUint32(b, uint32(m.Flags)), nil
	}
	return b, ExtErr("addrtype", "unknown revision %d", m.Rev)
}

// AppendSave appends " [!] --src-type T[,T...] [!] --dst-type ..." and the
// interface limits, as libxt_addrtype's save does.
func (m *AddrType) AppendSave(b []byte) []byte {
	if m.Src != 0 {
		b = appendInvPrefix(b, m.Flags&AddrTypeInvSource != 0)
		b = m.Src.appendNames(append(b, " --src-type "...))
	}
	if m.Dst != 0 {
		b = appendInvPrefix(b, m.Flags&AddrTypeInvDest != 0)
		b = m.Dst.appendNames(append(b, " --dst-type "...))
	}
	if m.Flags&AddrTypeLimitIfaceIn != 0 {
		b = append(b, " --limit-iface-in"...)
	}
	if m.Flags&AddrTypeLimitIfaceOut != 0 {
		b = append(b, " --limit-iface-out"...)
	}
	return b
}

// AppendPrint appends " ADDRTYPE match src-type [!]T dst-type [!]T
// limit-in" (addrtype_print_v1; revision 0's print has no blank after
// "dst-type").
func (m *AddrType) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " ADDRTYPE match"...)
	if m.Src != 0 {
		b = append(b, " src-type "...)
		if m.Flags&AddrTypeInvSource != 0 {
			b = append(b, '!')
		}
		b = m.Src.appendNames(b)
	}
	if m.Dst != 0 {
		b = append(b, " dst-type"...)
		if m.Rev != 0 {
			b = append(b, ' ')
		}
		if m.Flags&AddrTypeInvDest != 0 {
			b = append(b, '!')
		}
		b = m.Dst.appendNames(b)
	}
	if m.Flags&AddrTypeLimitIfaceIn != 0 {
		b = append(b, " limit-in"...)
	}
	if m.Flags&AddrTypeLimitIfaceOut != 0 {
		b = append(b, " limit-out"...)
	}
	return b
}

func decodeAddrType(rev uint8) func([]byte) (Extension, error) {
	return func(data []byte) (Extension, error) {
		if len(data) < addrtypeV1Size || rev == 0 && len(data) < addrtypeSize {
			return nil, ErrTruncated
		}
		m := &AddrType{Rev: rev,
			Src: AddrTypes(binary.NativeEndian.Uint16(data)),
			Dst: AddrTypes(binary.NativeEndian.Uint16(data[2:]))}
		if rev == 1 {
			m.Flags = AddrTypeFlags(binary.NativeEndian.Uint32(data[4:]))
			return m, nil
		}
		src, err := bool32(data[4:])
		if err != nil {
			return nil, err
		}
		dst, err := bool32(data[8:])
		if err != nil {
			return nil, err
		}
		if src {
			m.Flags |= AddrTypeInvSource
		}
		if dst {
			m.Flags |= AddrTypeInvDest
		}
		return m, nil
	}
}

func buildAddrType(ctx *Context, opts []Opt) (Extension, error) {
	if ctx.Revision == 0 && ctx.Family != FamilyIPv4 {
		return nil, ExtErr("addrtype", "revision 0 is IPv4 only")
	}
	m := &AddrType{Rev: ctx.Revision}
	for _, o := range opts {
		switch o.Name {
		case "src-type", "dst-type":
			t, ok := parseAddrTypes(o.Arg)
			if !ok {
				return nil, OptErr("addrtype", o, "bad type")
			}
			inv := AddrTypeInvSource
			if o.Name == "src-type" {
				m.Src |= t
			} else {
				m.Dst |= t
				inv = AddrTypeInvDest
			}
			if o.Invert {
				m.Flags |= inv
			}
		case "limit-iface-in", "limit-iface-out":
			if ctx.Revision == 0 {
				return nil, &OptionError{Ext: "addrtype", Option: o.Name, Msg: "unknown option (revision 0)"}
			}
			if o.Name == "limit-iface-in" {
				m.Flags |= AddrTypeLimitIfaceIn
			} else {
				m.Flags |= AddrTypeLimitIfaceOut
			}
		}
	}
	// libxt_addrtype's own final check comes before libxtables' exclusions.
	if !hasOpt(opts, "src-type") && !hasOpt(opts, "dst-type") {
		const msg = "addrtype: you must specify --src-type or --dst-type"
		return nil, verbatim("addrtype", "you must specify --src-type or --dst-type", msg)
	}
	if err := exclusive("addrtype", opts, "limit-iface-in", "limit-iface-out"); err != nil {
		return nil, err
	}
	return m, nil
}

// checkAddrType applies xt_addrtype's addrtype_mt_checkentry_v1.
func checkAddrType(ctx *Context, e Extension) error {
	m := e.(*AddrType)
	in, out := m.Flags&AddrTypeLimitIfaceIn != 0, m.Flags&AddrTypeLimitIfaceOut != 0
	h := HookOfChain(ctx.Chain)
	switch {
	case in && out:
		return ExtErr("addrtype", "both incoming and outgoing interface limitation cannot be selected")
	case out && h&(HookPreRouting|HookLocalIn) != 0:
		return ExtErr("addrtype", "output interface limitation not valid in PREROUTING and INPUT")
	case in && h&(HookPostRouting|HookLocalOut) != 0:
		return ExtErr("addrtype", "input interface limitation not valid in POSTROUTING and OUTPUT")
	}
	if ctx.Family == FamilyIPv6 {
		t := m.Src | m.Dst
		switch {
		case t&AddrTypeBlackhole != 0:
			return ExtErr("addrtype", "ipv6 BLACKHOLE matching not supported")
		case t >= AddrTypeProhibit:
			return ExtErr("addrtype", "ipv6 PROHIBIT (THROW, NAT ..) matching not supported")
		case t&AddrTypeBroadcast != 0:
			return ExtErr("addrtype", "ipv6 does not support BROADCAST matching")
		}
	}
	return nil
}

// addrtypeSpec is the addrtype match (net/netfilter/xt_addrtype.c,
// libxt_addrtype.c).
var addrtypeSpec = Spec{
	Kind: KindMatch,
	Name: "addrtype",
	Revisions: []Revision{
		{Revision: 0, Size: addrtypeSize, Decode: decodeAddrType(0)},
		{Revision: 1, Size: addrtypeV1Size, Decode: decodeAddrType(1)},
	},
	Options: []Option{
		{Name: "src-type", Arg: RequiredArg, Invert: true},
		{Name: "dst-type", Arg: RequiredArg, Invert: true},
		{Name: "limit-iface-in", Arg: NoArg},
		{Name: "limit-iface-out", Arg: NoArg},
	},
	Build: buildAddrType,
	Check: checkAddrType,
}
