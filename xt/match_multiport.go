package xt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MultiportMode says which ports a multiport match compares (enum
// xt_multiport_flags).
type MultiportMode uint8

// Multiport modes.
const (
	MultiportSource      MultiportMode = 0 // XT_MULTIPORT_SOURCE: --sports
	MultiportDestination MultiportMode = 1 // XT_MULTIPORT_DESTINATION: --dports
	MultiportEither      MultiportMode = 2 // XT_MULTIPORT_EITHER: --ports
)

// String returns the mode's option name: "sports", "dports" or "ports".
func (m MultiportMode) String() string {
	switch m {
	case MultiportSource:
		return "sports"
	case MultiportDestination:
		return "dports"
	case MultiportEither:
		return "ports"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// MultiportSlots is XT_MULTI_PORTS: the kernel struct holds 15 ports; a
// single port takes one slot and a range two.
const MultiportSlots = 15

// Multiport is the multiport match (-m multiport) from
// /usr/include/linux/netfilter/xt_multiport.h: struct xt_multiport_v1
// (revision 1, which iptables uses) or, with Rev0 set, struct xt_multiport
// (revision 0: single ports only, no inversion). The rule must say -p tcp,
// udp, udplite, sctp or dccp.
//
// The zero value is a revision 1 --sports match with no ports, which never
// matches; iptables refuses to build one.
type Multiport struct {
	matchBase
	Mode MultiportMode
	// Ports lists single ports (Min == Max) and ranges (Min < Max), at most
	// MultiportSlots slots in all.
	Ports  []PortRange
	Invert bool // ! before the option; revision 1 only
	Rev0   bool // encode as revision 0
}

const (
	multiport0Size = 32 // sizeof(struct xt_multiport)
	multiport1Size = 48 // sizeof(struct xt_multiport_v1)
)

// Name returns "multiport".
func (*Multiport) Name() string { return "multiport" }

// Revision returns 1, or 0 when Rev0 is set.
func (m *Multiport) Revision() uint8 {
	if m.Rev0 {
		return 0
	}
	return 1
}

// slots returns how many kernel port slots m.Ports takes.
func (m *Multiport) slots() int {
	n := 0
	for _, r := range m.Ports {
		n++
		if r.Min != r.Max {
			n++
		}
	}
	return n
}

// AppendBinary appends struct xt_multiport_v1, or struct xt_multiport when
// Rev0 is set.
func (m *Multiport) AppendBinary(b []byte) ([]byte, error) {
	n := m.slots()
	if n > MultiportSlots {
		return b, fmt.Errorf("multiport: %d port slots, the kernel holds %d", n, MultiportSlots)
	}
	if m.Rev0 && (n != len(m.Ports) || m.Invert) {
		return b, errors.New("multiport: revision 0 has no port ranges and no inversion")
	}
	b = append(b, byte(m.Mode), byte(n))
	var pflags [MultiportSlots]byte
	i := 0
	for _, r := range m.Ports {
		b = binary.NativeEndian.AppendUint16(b, r.Min)
		if r.Min != r.Max {
			pflags[i] = 1
			b = binary.NativeEndian.AppendUint16(b, r.Max)
			i++
		}
		i++
	}
	for ; i < MultiportSlots; i++ {
		b = append(b, 0, 0)
	}
	if m.Rev0 {
		return b, nil
	}
	b = append(b, pflags[:]...)
	if m.Invert {
		return append(b, 1), nil
	}
	return append(b, 0), nil
}

// AppendSave appends the options as iptables 1.8.11's multiport_save and
// multiport_save_v1 print them.
func (m *Multiport) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	if m.Mode <= MultiportEither {
		b = append(b, " --"...)
		b = append(b, m.Mode.String()...)
		b = append(b, ' ')
	}
	for i, r := range m.Ports {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(r.Min), 10)
		if r.Min != r.Max {
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(r.Max), 10)
		}
	}
	return b
}

// AppendPrint appends the match as iptables -L lists it without knowing
// the rule's protocol: port names are then looked up for any protocol.
// Listing a rule uses [Multiport.AppendPrintProto].
func (m *Multiport) AppendPrint(b []byte, numeric bool) []byte {
	return m.AppendPrintProto(b, numeric, 0)
}

// AppendPrintProto appends the match as iptables 1.8.11's multiport_print
// and multiport_print_v1 list it: " multiport dports ssh,1000:2000", with
// " !" after the mode when inverted (two spaces before it). Port names are
// those /etc/services gives for the rule's protocol proto.
func (m *Multiport) AppendPrintProto(b []byte, numeric bool, proto uint16) []byte {
	b = append(b, " multiport "...)
	if m.Mode <= MultiportEither {
		b = append(b, m.Mode.String()...)
		b = append(b, ' ')
	} else {
		b = append(b, "ERROR "...)
	}
	if m.Invert {
		b = append(b, " !"...)
	}
	pname := multiportProtoName(proto)
	for i, r := range m.Ports {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPrintPort(b, r.Min, pname, numeric)
		if r.Min != r.Max {
			b = appendPrintPort(append(b, ':'), r.Max, pname, numeric)
		}
	}
	return b
}

var errMultiport = errors.New("multiport: payload not in iptables' form")

// multiportDecoded keeps a decoded value and its ports in one allocation.
type multiportDecoded struct {
	m     Multiport
	ports [MultiportSlots]PortRange
}

func decodeMultiport(data []byte, rev0 bool) (Extension, error) {
	size := multiport1Size
	if rev0 {
		size = multiport0Size
	}
	if len(data) < size {
		return nil, ErrTruncated
	}
	count := int(data[1])
	if data[0] > byte(MultiportEither) || count > MultiportSlots {
		return nil, errMultiport // refused by the kernel's check
	}
	d := &multiportDecoded{}
	d.m = Multiport{Mode: MultiportMode(data[0]), Rev0: rev0}
	port := func(i int) uint16 { return binary.NativeEndian.Uint16(data[2+2*i:]) }
	n := 0
	for i := 0; i < count; i++ {
		r := PortRange{port(i), port(i)}
		if !rev0 && data[32+i] != 0 {
			if i+1 >= count {
				return nil, errMultiport
			}
			i++
			r.Max = port(i)
		}
		d.ports[n] = r
		n++
	}
	if n > 0 {
		d.m.Ports = d.ports[:n:n]
	}
	if !rev0 {
		d.m.Invert = data[47] != 0
	}
	return &d.m, nil
}

// multiportProtoName returns the protocol name multiport looks services up
// with, or "" when multiport cannot be used with proto.
func multiportProtoName(proto uint16) string {
	switch proto {
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 136:
		return "udplite"
	case 132:
		return "sctp"
	case 33:
		return "dccp"
	}
	return ""
}

func multiportProtoErr(ctx *Context) error {
	if ctx.InvProto || ctx.Proto != 0 {
		return ExtErr("multiport", "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP")
	}
	return ExtErr("multiport", "multiport needs -p tcp, -p udp, -p udplite, -p sctp or -p dccp")
}

// parseMultiports parses a comma-separated list of ports and, unless rev0,
// A:B ranges with A < B, as libxt_multiport's parse_multi_ports(_v1).
func parseMultiports(o Opt, proto string, rev0 bool) ([]PortRange, error) {
	elems := strings.Split(o.Arg, ",")
	ports := make([]PortRange, 0, len(elems))
	slot := 0
	for _, e := range elems {
		if slot >= MultiportSlots {
			return nil, OptErr("multiport", o, "too many ports specified")
		}
		a, c, isRange := strings.Cut(e, ":")
		if rev0 {
			a, isRange = e, false
		}
		if isRange && slot == MultiportSlots-1 {
			return nil, OptErr("multiport", o, "too many ports specified")
		}
		lo, ok := ParsePort(a, proto)
		if !ok {
			return nil, OptErr("multiport", o, "invalid port/service %q specified", a)
		}
		r := PortRange{lo, lo}
		slot++
		if isRange {
			if r.Max, ok = ParsePort(c, proto); !ok {
				return nil, OptErr("multiport", o, "invalid port/service %q specified", c)
			}
			if r.Min >= r.Max {
				return nil, OptErr("multiport", o, "invalid portrange specified")
			}
			slot++
		}
		ports = append(ports, r)
	}
	return ports, nil
}

func buildMultiport(ctx *Context, opts []Opt) (Extension, error) {
	var m *Multiport
	var first Opt
	for _, o := range opts {
		var mode MultiportMode
		switch o.Name {
		case "source-ports", "sports":
			mode = MultiportSource
		case "destination-ports", "dports":
			mode = MultiportDestination
		case "ports":
			mode = MultiportEither
		default:
			continue
		}
		if m != nil {
			if m.Mode == mode {
				return nil, OptErr("multiport", o, "option can only be used once")
			}
			return nil, OptErr("multiport", o, "cannot be used together with --%s", first.Name)
		}
		proto := multiportProtoName(ctx.Proto)
		if proto == "" || ctx.InvProto {
			return nil, multiportProtoErr(ctx)
		}
		rev0 := ctx.Revision == 0
		if rev0 && o.Invert {
			return nil, OptErr("multiport", o, "multiport revision 0 does not support invert")
		}
		ports, err := parseMultiports(o, proto, rev0)
		if err != nil {
			return nil, err
		}
		m, first = &Multiport{Mode: mode, Ports: ports, Invert: o.Invert, Rev0: rev0}, o
	}
	if m == nil {
		return nil, verbatim("multiport", "no ports specified", "multiport expection an option") // sic
	}
	return m, nil
}

// checkMultiport is the kernel's multiport_mt_check.
func checkMultiport(ctx *Context, e Extension) error {
	if multiportProtoName(ctx.Proto) == "" || ctx.InvProto {
		return multiportProtoErr(ctx)
	}
	if m, ok := e.(*Multiport); ok {
		if m.Mode > MultiportEither {
			return ExtErr("multiport", "unknown mode %d", m.Mode)
		}
		if n := m.slots(); n > MultiportSlots {
			return ExtErr("multiport", "%d port slots, at most %d", n, MultiportSlots)
		}
	}
	return nil
}

// multiportSpec is the multiport match (net/netfilter/xt_multiport.c,
// libxt_multiport.c).
var multiportSpec = Spec{
	Kind: KindMatch,
	Name: "multiport",
	Revisions: []Revision{
		{Revision: 0, Size: multiport0Size, Decode: func(d []byte) (Extension, error) { return decodeMultiport(d, true) }},
		{Revision: 1, Size: multiport1Size, Decode: func(d []byte) (Extension, error) { return decodeMultiport(d, false) }},
	},
	Options: []Option{
		{Name: "source-ports", Arg: RequiredArg, Invert: true, ProtoNow: true},
		{Name: "sports", Arg: RequiredArg, Invert: true, ProtoNow: true},
		{Name: "destination-ports", Arg: RequiredArg, Invert: true, ProtoNow: true},
		{Name: "dports", Arg: RequiredArg, Invert: true, ProtoNow: true},
		{Name: "ports", Arg: RequiredArg, Invert: true, ProtoNow: true},
	},
	Build: buildMultiport,
	Check: checkMultiport,
}
