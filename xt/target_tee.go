package xt

import (
	"errors"
	"net/netip"
)

// teeOIFSize is the size of xt_tee_tginfo's oif field (IFNAMSIZ).
const teeOIFSize = 16

// Tee is the TEE target (-j TEE --gateway ADDR [--oif NAME]): it sends a
// copy of each packet to a gateway on the local network
// (net/netfilter/xt_TEE.c). Its kernel struct is struct xt_tee_tginfo in
// linux/netfilter/xt_TEE.h, revision 1: the gateway as union nf_inet_addr,
// the interface name, and a kernel-private pointer that reads back as
// zero. The kernel refuses the all-zero gateway; it accepts TEE in any
// table and chain.
//
// The zero value has no gateway, which the kernel refuses.
type Tee struct {
	targetBase
	// Gateway is the IPv4 address the copies are routed to; the zero Addr
	// encodes as 0.0.0.0.
	Gateway netip.Addr
	// OIF is the interface the copies must leave by, "" for any. It
	// encodes as a char[16]: at most 15 bytes are kept.
	OIF string
}

// Name returns "TEE".
func (t *Tee) Name() string { return "TEE" }

// Revision returns 1.
func (t *Tee) Revision() uint8 { return 1 }

var errTeeGateway = errors.New("TEE gateway is not an IPv4 address")

// AppendBinary appends struct xt_tee_tginfo (40 bytes, priv zero).
func (t *Tee) AppendBinary(b []byte) ([]byte, error) {
	if t.Gateway.IsValid() && !t.Gateway.Is4() {
		return b, errTeeGateway
	}
	b = appendInetAddr(b, t.Gateway)
	b = appendFixedString(b, t.OIF, teeOIFSize)
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0), nil
}

// gateway returns the gateway as iptables prints it: 0.0.0.0 when unset.
func (t *Tee) gateway() netip.Addr {
	if t.Gateway.Is4() {
		return t.Gateway
	}
	return netip.IPv4Unspecified()
}

// AppendSave appends " --gateway ADDR" and " --oif NAME" when OIF is set.
func (t *Tee) AppendSave(b []byte) []byte {
	b = append(b, " --gateway "...)
	b = t.gateway().AppendTo(b)
	if t.OIF != "" {
		b = append(b, " --oif "...)
		b = append(b, truncateFixed(t.OIF, teeOIFSize)...)
	}
	return b
}

// AppendPrint appends " TEE gw:ADDR" and " oif=NAME" when OIF is set
// (tee_tg_print). Without numeric the gateway is the name AddrName gives
// it, when there is one (iptables would also try reverse DNS).
func (t *Tee) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " TEE gw:"...)
	name := ""
	if !numeric {
		name = AddrName(t.gateway())
	}
	if name != "" {
		b = append(b, name...)
	} else {
		b = t.gateway().AppendTo(b)
	}
	if t.OIF != "" {
		b = append(b, " oif="...)
		b = append(b, truncateFixed(t.OIF, teeOIFSize)...)
	}
	return b
}

func decodeTee(d []byte) (Extension, error) {
	if len(d) < 40 {
		return nil, ErrTruncated
	}
	oif, ok := fixedString(d[16 : 16+teeOIFSize])
	if !ok {
		return nil, errors.New("TEE oif is not NUL-terminated")
	}
	t := &Tee{OIF: oif}
	if a := [4]byte(d[:4]); a != [4]byte{} {
		t.Gateway = netip.AddrFrom4(a)
	}
	return t, nil
}

func buildTee(ctx *Context, opts []Opt) (Extension, error) {
	t := &Tee{}
	given := false
	for _, o := range opts {
		switch o.Name {
		case "gateway":
			a, err := parseHost(FamilyIPv4, o.Arg)
			if err != nil {
				return nil, OptErr("TEE", o, "%v", err)
			}
			t.Gateway, given = a, true
		case "oif":
			t.OIF = truncateFixed(o.Arg, teeOIFSize)
		}
	}
	if !given {
		return nil, &OptionError{Ext: "TEE", Option: "gateway", Msg: "must be specified"}
	}
	return t, nil
}

// checkTee is tee_tg_check: the gateway may not be all zeros.
func checkTee(_ *Context, e Extension) error {
	if t, ok := e.(*Tee); ok && (!t.Gateway.IsValid() || t.Gateway.IsUnspecified()) {
		return &OptionError{Ext: "TEE", Option: "gateway", Msg: "the kernel refuses the zero gateway"}
	}
	return nil
}

var teeSpec = Spec{
	Kind:   KindTarget,
	Name:   "TEE",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 1, Size: 40, Decode: decodeTee},
	},
	Options: []Option{
		{Name: "gateway", Arg: RequiredArg},
		{Name: "oif", Arg: RequiredArg},
	},
	Build: buildTee,
	Check: checkTee,
}
