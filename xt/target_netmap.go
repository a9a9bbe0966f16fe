package xt

import (
	"encoding/binary"
	"net/netip"
)

// Netmap is the IPv4 NETMAP target (-j NETMAP --to ADDR[/MASK]): it maps a
// whole network onto another one address by address, keeping the host
// part (net/netfilter/xt_NETMAP.c). Its kernel struct is struct
// nf_nat_ipv4_multi_range_compat in linux/netfilter/nf_nat.h, revision 0,
// with one range: MinAddr is the new network, MaxAddr the same network
// with all host bits set (only the addresses matter; iptables sets no
// ports). The kernel accepts it in the nat table only, and needs the
// NATMapIPs flag.
//
// The zero value maps nothing, which the kernel refuses.
type Netmap struct {
	targetBase
	NATRange
}

// Name returns "NETMAP".
func (n *Netmap) Name() string { return "NETMAP" }

// Revision returns 0.
func (n *Netmap) Revision() uint8 { return 0 }

// AppendBinary appends struct nf_nat_ipv4_multi_range_compat.
func (n *Netmap) AppendBinary(b []byte) ([]byte, error) {
	return n.appendLayout(b, natCompat)
}

// AppendSave appends " --to ADDR/BITS" (or /DOTTED for a mask that is no
// prefix).
func (n *Netmap) AppendSave(b []byte) []byte {
	return n.appendNetmap(append(b, " --to "...))
}

// AppendPrint appends " to:ADDR/BITS" (NETMAP_print).
func (n *Netmap) AppendPrint(b []byte, numeric bool) []byte {
	return n.appendNetmap(append(b, " to:"...))
}

// appendNetmap appends MinAddr and the mask the range spans,
// ~(MinAddr ^ MaxAddr), as a prefix length when it is one.
func (n *Netmap) appendNetmap(b []byte) []byte {
	lo, _ := natAddr4(n.MinAddr)
	hi, _ := natAddr4(n.MaxAddr)
	b = netip.AddrFrom4(lo).AppendTo(b)
	var m [4]byte
	for i := range m {
		m[i] = ^(lo[i] ^ hi[i])
	}
	mask := netip.AddrFrom4(m)
	b = append(b, '/')
	if bits, ok := maskBits(mask); ok {
		return appendUint(b, uint8(bits))
	}
	return mask.AppendTo(b)
}

func decodeNetmap(d []byte) (Extension, error) {
	r, err := decodeNATLayout(d, natCompat)
	if err != nil {
		return nil, err
	}
	return &Netmap{NATRange: r}, nil
}

func buildNetmap(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name != "to" {
			continue
		}
		addr, mask, _, err := parseHostMask(FamilyIPv4, o.Arg)
		if err != nil {
			return nil, OptErr("NETMAP", o, "%v", err)
		}
		a := binary.BigEndian.Uint32(addr.AsSlice())
		m := binary.BigEndian.Uint32(mask.AsSlice())
		var lo, hi [4]byte
		binary.BigEndian.PutUint32(lo[:], a&m)
		binary.BigEndian.PutUint32(hi[:], a&m|^m)
		return &Netmap{NATRange: NATRange{
			Flags:   NATMapIPs,
			MinAddr: decodeNATAddr4(lo[:]),
			MaxAddr: decodeNATAddr4(hi[:]),
		}}, nil
	}
	return nil, &OptionError{Ext: "NETMAP", Option: "to", Msg: "must be specified"}
}

// checkNetmap is netmap_tg4_check: the range must map addresses.
func checkNetmap(_ *Context, e Extension) error {
	if n, ok := e.(*Netmap); ok && n.Flags&NATMapIPs == 0 {
		return ExtErr("NETMAP", "the range maps no addresses")
	}
	return nil
}

var netmapSpec = Spec{
	Kind:   KindTarget,
	Name:   "NETMAP",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: natCompatSize, Decode: decodeNetmap},
	},
	Options: []Option{
		{Name: "to", Arg: RequiredArg},
	},
	Build:  buildNetmap,
	Tables: []string{"nat"},
	Check:  checkNetmap,
}
