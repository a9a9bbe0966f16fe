package xt

import (
	"errors"
	"strings"
)

// PhysdevOps is a set of the XT_PHYSDEV_OP_* tests of
// /usr/include/linux/netfilter/xt_physdev.h.
type PhysdevOps uint8

// Physdev tests.
const (
	PhysdevIn        PhysdevOps = 0x01 // --physdev-in
	PhysdevOut       PhysdevOps = 0x02 // --physdev-out
	PhysdevIsBridged PhysdevOps = 0x04 // --physdev-is-bridged
	PhysdevIsIn      PhysdevOps = 0x08 // --physdev-is-in
	PhysdevIsOut     PhysdevOps = 0x10 // --physdev-is-out
	physdevOpMask    PhysdevOps = 0x1f // XT_PHYSDEV_OP_MASK
)

// String returns the tests as option names.
func (o PhysdevOps) String() string {
	var parts []string
	for _, x := range []struct {
		o PhysdevOps
		n string
	}{{PhysdevIn, "physdev-in"}, {PhysdevOut, "physdev-out"}, {PhysdevIsBridged, "physdev-is-bridged"},
		{PhysdevIsIn, "physdev-is-in"}, {PhysdevIsOut, "physdev-is-out"}} {
		if o&x.o != 0 {
			parts = append(parts, x.n)
		}
	}
	return strings.Join(parts, ",")
}

// Physdev is the physdev match (-m physdev): struct xt_physdev_info in
// /usr/include/linux/netfilter/xt_physdev.h, revision 0 only. It matches
// the bridge ports a bridged packet came in on and goes out of.
//
// Interface names follow iptables' -i/-o syntax: a trailing "+" is a
// wildcard. The kernel masks are derived from the names, as iptables'
// xtables_parse_interface makes them.
type Physdev struct {
	matchBase
	In, Out string     // bridge port names, at most 15 bytes
	Ops     PhysdevOps // the tests (bitmask)
	Invert  PhysdevOps // the inverted tests
}

const physdevSize = 4*ifNameSize + 2 // sizeof(struct xt_physdev_info)

var errPhysdevName = errors.New("physdev: interface name longer than 15 bytes or holding a NUL")

// Name returns "physdev".
func (*Physdev) Name() string { return "physdev" }

// Revision returns 0.
func (*Physdev) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_physdev_info.
func (m *Physdev) AppendBinary(b []byte) ([]byte, error) {
	for _, n := range [2]string{m.In, m.Out} {
		if len(n) >= ifNameSize || strings.IndexByte(n, 0) >= 0 {
			return b, errPhysdevName
		}
	}
	inMask, outMask := ifaceMask(m.In), ifaceMask(m.Out)
	b = appendFixedString(b, m.In, ifNameSize)
	b = append(b, inMask[:]...)
	b = appendFixedString(b, m.Out, ifNameSize)
	b = append(b, outMask[:]...)
	return append(b, byte(m.Invert), byte(m.Ops)), nil
}

// appendOps appends the tests as physdev_save and physdev_print list
// them: is-in, in, is-out, out, is-bridged.
func (m *Physdev) appendOps(b []byte) []byte {
	for _, x := range []struct {
		op   PhysdevOps
		name string
		dev  string
	}{{PhysdevIsIn, " --physdev-is-in", ""}, {PhysdevIn, " --physdev-in ", m.In},
		{PhysdevIsOut, " --physdev-is-out", ""}, {PhysdevOut, " --physdev-out ", m.Out},
		{PhysdevIsBridged, " --physdev-is-bridged", ""}} {
		if m.Ops&x.op == 0 {
			continue
		}
		b = appendInvPrefix(b, m.Invert&x.op != 0)
		b = append(append(b, x.name...), x.dev...)
	}
	return b
}

// AppendSave appends the options as libxt_physdev's save prints them.
func (m *Physdev) AppendSave(b []byte) []byte { return m.appendOps(b) }

// AppendPrint appends " PHYSDEV match" and the options (physdev_print).
func (m *Physdev) AppendPrint(b []byte, numeric bool) []byte {
	return m.appendOps(append(b, " PHYSDEV match"...))
}

func decodePhysdev(data []byte) (Extension, error) {
	if len(data) < physdevSize {
		return nil, ErrTruncated
	}
	in, ok1 := fixedString(data[:ifNameSize])
	out, ok2 := fixedString(data[2*ifNameSize : 3*ifNameSize])
	if !ok1 || !ok2 {
		return nil, errPhysdevName
	}
	// A mask other than the one the name implies does not encode back:
	// Spec.Decode then keeps the payload as Unknown.
	return &Physdev{In: in, Out: out, Invert: PhysdevOps(data[64]), Ops: PhysdevOps(data[65])}, nil
}

func buildPhysdev(_ *Context, opts []Opt) (Extension, error) {
	m := &Physdev{}
	for _, o := range opts {
		var op PhysdevOps
		switch o.Name {
		case "physdev-in", "physdev-out":
			name, err := parseIface("physdev", o)
			if err != nil {
				return nil, err
			}
			op = PhysdevIn
			if o.Name == "physdev-in" {
				m.In = name
			} else {
				m.Out, op = name, PhysdevOut
			}
		case "physdev-is-in":
			op = PhysdevIsIn
		case "physdev-is-out":
			op = PhysdevIsOut
		case "physdev-is-bridged":
			op = PhysdevIsBridged
		}
		m.Ops |= op
		if o.Invert {
			m.Invert |= op
		}
	}
	if m.Ops == 0 {
		return nil, ExtErr("physdev", "no physdev option specified")
	}
	return m, nil
}

// checkPhysdev applies xt_physdev's physdev_mt_check: some test, no
// unknown ones, and no output port test in OUTPUT unless the rule asks
// for bridged packets.
func checkPhysdev(ctx *Context, e Extension) error {
	m := e.(*Physdev)
	if m.Ops&physdevOpMask == 0 || m.Ops&^physdevOpMask != 0 {
		return ExtErr("physdev", "no or unknown physdev tests (0x%x)", uint8(m.Ops))
	}
	if m.Ops&(PhysdevOut|PhysdevIsOut) != 0 &&
		(m.Ops&PhysdevIsBridged == 0 || m.Invert&PhysdevIsBridged != 0) &&
		HookOfChain(ctx.Chain) == HookLocalOut {
		return ExtErr("physdev", "--physdev-out and --physdev-is-out only supported in the FORWARD and POSTROUTING chains with bridged traffic")
	}
	return nil
}

// physdevSpec is the physdev match (net/netfilter/xt_physdev.c,
// libxt_physdev.c).
var physdevSpec = Spec{
	Kind: KindMatch,
	Name: "physdev",
	Revisions: []Revision{
		{Revision: 0, Size: physdevSize, Decode: decodePhysdev},
	},
	Options: []Option{
		{Name: "physdev-in", Arg: RequiredArg, Invert: true},
		{Name: "physdev-out", Arg: RequiredArg, Invert: true},
		{Name: "physdev-is-in", Arg: NoArg, Invert: true},
		{Name: "physdev-is-out", Arg: NoArg, Invert: true},
		{Name: "physdev-is-bridged", Arg: NoArg, Invert: true},
	},
	Build: buildPhysdev,
	Check: checkPhysdev,
}
