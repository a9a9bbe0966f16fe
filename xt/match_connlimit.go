package xt

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
	"strconv"
)

// Connlimit is the connlimit match (-m connlimit), the successor of the old
// iplimit match: struct xt_connlimit_info in linux/netfilter/xt_connlimit.h.
// Revision 1 adds --connlimit-daddr; revision 0 (same struct, gone from
// today's kernels) counts per source address only. The trailing kernel
// pointer (data) is always zero here.
//
// It matches when the number of connections from (or to) the packet's
// address, masked with Mask, is above Limit, or with Upto at most Limit.
//
// Mask: the zero value means all 128 bits set, iptables' default (saved
// as --connlimit-mask 32 for IPv4); an IPv4 Addr encodes in the first 4
// bytes with the rest zero, as --connlimit-mask N writes it. The zero
// Connlimit is a revision-1 "--connlimit-above 0 --connlimit-mask 32
// --connlimit-saddr".
type Connlimit struct {
	matchBase
	Legacy bool       // revision 0 instead of 1
	Mask   netip.Addr // union nf_inet_addr mask
	Limit  uint32
	Upto   bool // XT_CONNLIMIT_INVERT: match while the count is at most Limit
	DAddr  bool // XT_CONNLIMIT_DADDR: count per destination address
}

// Name returns "connlimit".
func (c *Connlimit) Name() string { return "connlimit" }

// Revision returns 0 or 1.
func (c *Connlimit) Revision() uint8 {
	if c.Legacy {
		return 0
	}
	return 1
}

// AppendBinary appends struct xt_connlimit_info (32 bytes).
func (c *Connlimit) AppendBinary(b []byte) ([]byte, error) {
	if c.Legacy && c.DAddr {
		return b, ExtErr("connlimit", "revision 0 does not support --connlimit-daddr")
	}
	if c.Mask.IsValid() {
		b = appendInetAddr(b, c.Mask)
	} else {
		b = append(b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	}
	ne := binary.NativeEndian
	b = ne.AppendUint32(b, c.Limit)
	var flags uint32
	if c.Upto {
		flags |= 1
	}
	if c.DAddr {
		flags |= 2
	}
	b = ne.AppendUint32(b, flags)
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0), nil
}

// maskLen is iptables' count_bits4/count_bits6: the width minus the
// position of the highest zero bit of the mask.
func (c *Connlimit) maskLen() int {
	if !c.Mask.IsValid() {
		return 32
	}
	s := c.Mask.AsSlice()
	n := 0
	for i := 0; i+4 <= len(s); i += 4 {
		n += bits.Len32(^binary.BigEndian.Uint32(s[i:]))
	}
	return 8*len(s) - n
}

// AppendSave appends the options as iptables-save prints them.
func (c *Connlimit) AppendSave(b []byte) []byte {
	if c.Upto {
		b = append(b, " --connlimit-upto "...)
	} else {
		b = append(b, " --connlimit-above "...)
	}
	b = strconv.AppendUint(b, uint64(c.Limit), 10)
	b = append(b, " --connlimit-mask "...)
	b = strconv.AppendInt(b, int64(c.maskLen()), 10)
	if !c.Legacy {
		if c.DAddr {
			b = append(b, " --connlimit-daddr"...)
		} else {
			b = append(b, " --connlimit-saddr"...)
		}
	}
	return b
}

// AppendPrint appends " #conn src/BITS > N" (connlimit_print4; "dst" with
// DAddr, "<=" with Upto).
func (c *Connlimit) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " #conn "...)
	if c.DAddr {
		b = append(b, "dst/"...)
	} else {
		b = append(b, "src/"...)
	}
	b = strconv.AppendInt(b, int64(c.maskLen()), 10)
	if c.Upto {
		b = append(b, " <= "...)
	} else {
		b = append(b, " > "...)
	}
	return appendUint(b, c.Limit)
}

func decodeConnlimit(rev uint8) func([]byte) (Extension, error) {
	return func(p []byte) (Extension, error) {
		if len(p) < 32 {
			return nil, ErrTruncated
		}
		ne := binary.NativeEndian
		c := &Connlimit{Legacy: rev == 0, Limit: ne.Uint32(p[16:])}
		flags := ne.Uint32(p[20:])
		c.Upto, c.DAddr = flags&1 != 0, flags&2 != 0
		if zero, ones := inetTail(p); !(ones && p[0]&p[1]&p[2]&p[3] == 0xff) {
			c.Mask = inetAddr(p, zero)
		}
		return c, nil
	}
}

func buildConnlimit(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "connlimit"
	if err := exclusive(ext, opts, "connlimit-upto", "connlimit-above"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "connlimit-saddr", "connlimit-daddr"); err != nil {
		return nil, err
	}
	c := &Connlimit{Legacy: ctx.Revision == 0}
	limit := false
	for _, o := range opts {
		switch o.Name {
		case "connlimit-upto", "connlimit-above":
			v, err := optUint(ext, o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			c.Limit, limit = uint32(v), true
			if (o.Name == "connlimit-upto") != o.Invert {
				c.Upto = true
			}
		case "connlimit-mask":
			m, err := parsePlenMask(ctx.Family, o.Arg)
			if err != nil {
				return nil, OptErr(ext, o, "%v", err)
			}
			c.Mask = m
		case "connlimit-saddr", "connlimit-daddr":
			if c.Legacy {
				return nil, OptErr(ext, o, "xt_connlimit.0 does not support --%s", o.Name)
			}
			c.DAddr = o.Name == "connlimit-daddr"
		}
	}
	if !limit {
		return nil, verbatim(ext, "you must specify \"--connlimit-above\" or \"--connlimit-upto\"", "You must specify \"--connlimit-above\" or \"--connlimit-upto\".")
	}
	return c, nil
}

// parsePlenMask parses a prefix length (0-32, 0-128 for IPv6) or a
// dotted mask as libxtables' XTTYPE_PLENMASK.
func parsePlenMask(f Family, s string) (netip.Addr, error) {
	max := 32
	if f == FamilyIPv6 {
		max = 128
	}
	if n, ok := ParseUint(s, 0, uint64(max)); ok {
		return prefixMask(f, int(n)), nil
	}
	if m, err := netip.ParseAddr(s); err == nil && m.Is4() == (f != FamilyIPv6) && m.Zone() == "" {
		return m, nil
	}
	if m, ok := parseInetAton(s); ok && f != FamilyIPv6 {
		return m, nil // getaddrinfo's numeric IPv4 forms: "33" is 0.0.0.33
	}
	return netip.Addr{}, errorf("neither a valid network mask nor valid CIDR (0-%d)", max)
}

var connlimitSpec = Spec{
	Kind:   KindMatch,
	Name:   "connlimit",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 32, Decode: decodeConnlimit(0)},
		{Revision: 1, Size: 32, Decode: decodeConnlimit(1)},
	},
	Options: []Option{
		{Name: "connlimit-upto", Arg: RequiredArg, Invert: true},
		{Name: "connlimit-above", Arg: RequiredArg, Invert: true},
		{Name: "connlimit-mask", Arg: RequiredArg},
		{Name: "connlimit-saddr", Arg: NoArg},
		{Name: "connlimit-daddr", Arg: NoArg},
	},
	Build: buildConnlimit,
}
