package xt

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// TProxy is the TPROXY target (-j TPROXY --on-port PORT [--on-ip ADDR]
// [--tproxy-mark VALUE[/MASK]]): it hands packets to a local socket
// without rewriting them, for transparent proxies
// (net/netfilter/xt_TPROXY.c). Its kernel struct per revision, from
// linux/netfilter/xt_TPROXY.h:
//   - 0: struct xt_tproxy_target_info (IPv4 address as __be32, 16 bytes);
//   - 1: struct xt_tproxy_target_info_v1 (union nf_inet_addr, 28 bytes).
//
// The kernel accepts it only in the mangle table's PREROUTING chain, in a
// rule with -p tcp or -p udp. The kernel sets the packet mark to
// (mark &^ MarkMask) ^ MarkValue.
//
// The zero value is revision 0 redirecting to the original address and
// port, leaving the mark alone.
type TProxy struct {
	targetBase
	Rev uint8 // kernel revision: 0 or 1
	// Addr is the IPv4 address to redirect to; the zero Addr encodes as
	// 0.0.0.0, which keeps the packet's destination address.
	Addr netip.Addr
	// Port is the port to redirect to (host order; the kernel stores it
	// big-endian); 0 keeps the packet's destination port.
	Port uint16
	// MarkValue and MarkMask set the packet mark.
	MarkValue, MarkMask uint32
}

// Name returns "TPROXY".
func (t *TProxy) Name() string { return "TPROXY" }

// Revision returns t.Rev.
func (t *TProxy) Revision() uint8 { return t.Rev }

var errTProxyAddr = errors.New("TPROXY address is not IPv4")

// AppendBinary appends the struct of t.Rev.
func (t *TProxy) AppendBinary(b []byte) ([]byte, error) {
	if t.Rev > 1 {
		return b, ExtErr("TPROXY", "unknown revision %d", t.Rev)
	}
	if t.Addr.IsValid() && !t.Addr.Is4() {
		return b, errTProxyAddr
	}
	b = binary.NativeEndian.AppendUint32(b, t.MarkMask)
	b = binary.NativeEndian.AppendUint32(b, t.MarkValue)
	if t.Rev == 0 {
		a := t.addr().As4()
		b = append(b, a[:]...)
	} else {
		b = appendInetAddr(b, t.Addr)
	}
	b = binary.BigEndian.AppendUint16(b, t.Port)
	return append(b, 0, 0), nil // tail padding
}

// addr returns the address as iptables prints it: 0.0.0.0 when unset.
func (t *TProxy) addr() netip.Addr {
	if t.Addr.Is4() {
		return t.Addr
	}
	return netip.IPv4Unspecified()
}

// AppendSave appends " --on-port P --on-ip ADDR --tproxy-mark 0xV/0xM":
// iptables saves all three whatever was given.
func (t *TProxy) AppendSave(b []byte) []byte {
	b = appendUint(append(b, " --on-port "...), t.Port)
	b = t.addr().AppendTo(append(b, " --on-ip "...))
	b = appendHex(append(b, " --tproxy-mark "...), uint64(t.MarkValue))
	return appendHex(append(b, '/'), uint64(t.MarkMask))
}

// AppendPrint appends " TPROXY redirect ADDR:PORT mark 0xV/0xM"
// (tproxy_tg_print4; the address is always numeric).
func (t *TProxy) AppendPrint(b []byte, numeric bool) []byte {
	b = t.addr().AppendTo(append(b, " TPROXY redirect "...))
	b = appendUint(append(b, ':'), t.Port)
	b = appendHex(append(b, " mark "...), uint64(t.MarkValue))
	return appendHex(append(b, '/'), uint64(t.MarkMask))
}

func decodeTProxy(rev uint8) func([]byte) (Extension, error) {
	size := 16
	if rev == 1 {
		size = 28
	}
	return func(d []byte) (Extension, error) {
		if len(d) < size {
			return nil, ErrTruncated
		}
		t := &TProxy{
			Rev:       rev,
			MarkMask:  binary.NativeEndian.Uint32(d),
			MarkValue: binary.NativeEndian.Uint32(d[4:]),
			Port:      binary.BigEndian.Uint16(d[size-4:]),
		}
		if a := [4]byte(d[8:12]); a != [4]byte{} {
			t.Addr = netip.AddrFrom4(a)
		}
		return t, nil
	}
}

func buildTProxy(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "TPROXY"
	t := &TProxy{Rev: min(ctx.Revision, 1)}
	given := false
	for _, o := range opts {
		switch o.Name {
		case "on-port":
			p, ok := gaiPort(o.Arg)
			if !ok {
				return nil, OptErr(ext, o, "port does not resolve to anything")
			}
			t.Port, given = p, true
		case "on-ip":
			a, err := parseHost(FamilyIPv4, o.Arg)
			if err != nil {
				return nil, OptErr(ext, o, "%v", err)
			}
			t.Addr = a
		case "tproxy-mark":
			v, m, err := optValMask(ext, o)
			if err != nil {
				return nil, err
			}
			t.MarkValue, t.MarkMask = v, m
		}
	}
	if !given {
		return nil, &OptionError{Ext: ext, Option: "on-port", Msg: "must be specified"}
	}
	return t, nil
}

// checkTProxy is tproxy_tg4_check: the rule must match -p tcp or -p udp,
// not inverted.
func checkTProxy(ctx *Context, _ Extension) error {
	if (ctx.Proto != 6 && ctx.Proto != 17) || ctx.InvProto {
		return ExtErr("TPROXY", "target TPROXY needs -p tcp or -p udp")
	}
	return nil
}

var tproxySpec = Spec{
	Kind:   KindTarget,
	Name:   "TPROXY",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: 16, Decode: decodeTProxy(0)},
		{Revision: 1, Size: 28, Decode: decodeTProxy(1)},
	},
	Options: []Option{
		{Name: "on-port", Arg: RequiredArg},
		{Name: "on-ip", Arg: RequiredArg},
		{Name: "tproxy-mark", Arg: RequiredArg},
	},
	Build:  buildTProxy,
	Tables: []string{"mangle"},
	Hooks:  HookPreRouting,
	Check:  checkTProxy,
}
