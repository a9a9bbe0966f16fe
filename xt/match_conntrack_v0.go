package xt

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// ConntrackV0 is revision 0 of the conntrack match, IPv4 only: struct
// xt_conntrack_info from iptables' libxt_conntrack.c (the kernel dropped
// it long ago). It holds the original and reply tuples' addresses with
// separate masks, one port per tuple end, 8-bit flags and unsigned long
// expiry times (the platform's C long).
//
// iptables 1.8.11 still builds it when the kernel has no newer revision;
// that parser never sets the masks nor, for --ctstate, the state flag,
// and nfkit does the same. Addresses and masks are IPv4; the invalid Addr
// stands for 0.0.0.0 (decoding gives it for all-zero fields). The zero
// value matches nothing in particular.
type ConntrackV0 struct {
	matchBase
	State  CtState  // statemask
	Status CtStatus // statusmask (only the low 16 bits are modelled)

	// Tuple addresses and ports, original then reply direction.
	OrigSrc, OrigDst, ReplSrc, ReplDst                 netip.Addr
	OrigSrcPort, OrigDstPort, ReplSrcPort, ReplDstPort uint16 // network order on the wire
	OrigProto, ReplProto                               uint16 // dst.protonum of each tuple
	// Masks: sipmsk and dipmsk, indexed by direction (0 original, 1 reply).
	SrcMask, DstMask [2]netip.Addr

	ExpiresMin, ExpiresMax uint64
	Match, Invert          CtFlags // flags, invflags (8 bits)
}

// Name returns "conntrack".
func (c *ConntrackV0) Name() string { return "conntrack" }

// Revision returns 0.
func (c *ConntrackV0) Revision() uint8 { return 0 }

// conntrackV0Size is sizeof(struct xt_conntrack_info).
const conntrackV0Size = 56 + 2*longSize + 2 + (longSize - 2)

func appendIPv4(b []byte, a netip.Addr) []byte {
	if !a.Is4() {
		return append(b, 0, 0, 0, 0)
	}
	v := a.As4()
	return append(b, v[:]...)
}

// AppendBinary appends struct xt_conntrack_info with its padding.
func (c *ConntrackV0) AppendBinary(b []byte) ([]byte, error) {
	if c.Match > 0xff || c.Invert > 0xff {
		return b, ExtErr("conntrack", "revision 0 has 8-bit flags")
	}
	ne := binary.NativeEndian
	be := binary.BigEndian
	b = ne.AppendUint32(b, uint32(c.State))
	b = ne.AppendUint32(b, uint32(c.Status))
	for dir := 0; dir < 2; dir++ {
		src, dst, sp, dp, proto := c.OrigSrc, c.OrigDst, c.OrigSrcPort, c.OrigDstPort, c.OrigProto
		if dir == 1 {
			src, dst, sp, dp, proto = c.ReplSrc, c.ReplDst, c.ReplSrcPort, c.ReplDstPort, c.ReplProto
		}
		b = appendIPv4(b, src)
		b = be.AppendUint16(b, sp)
		b = append(b, 0, 0)
		b = appendIPv4(b, dst)
		b = be.AppendUint16(b, dp)
		b = ne.AppendUint16(b, proto)
	}
	b = appendIPv4(b, c.SrcMask[0])
	b = appendIPv4(b, c.SrcMask[1])
	b = appendIPv4(b, c.DstMask[0])
	b = appendIPv4(b, c.DstMask[1])
	b = appendLong(b, c.ExpiresMin)
	b = appendLong(b, c.ExpiresMax)
	b = append(b, byte(c.Match), byte(c.Invert))
	return append(b, make([]byte, longSize-2)...), nil
}

// AppendSave appends the options as iptables-save prints revision 0.
func (c *ConntrackV0) AppendSave(b []byte) []byte { return c.appendInfo(b, "--", true) }

// AppendPrint appends the options as iptables 1.8.11 -L lists revision 0
// (matchinfo_print without the dashes); an address whose mask is zero is
// " anywhere" unless numeric.
func (c *ConntrackV0) AppendPrint(b []byte, numeric bool) []byte {
	return c.appendInfo(b, "", numeric)
}

// appendInfo is matchinfo_print: the options, each named with prefix pfx.
func (c *ConntrackV0) appendInfo(b []byte, pfx string, numeric bool) []byte {
	opt := func(f CtFlags, name string) { b = appendCtOpt(b, c.Invert&f != 0, pfx, name) }
	if c.Match&CtMatchState != 0 {
		opt(CtMatchState, "ctstate")
		b = c.State.appendNames(b, " ")
	}
	if c.Match&CtMatchProto != 0 {
		opt(CtMatchProto, "ctproto ")
		b = strconv.AppendUint(b, uint64(c.OrigProto), 10)
	}
	addrs := [4]struct {
		opt        string
		addr, mask netip.Addr
	}{
		{"ctorigsrc", c.OrigSrc, c.SrcMask[0]}, {"ctorigdst", c.OrigDst, c.DstMask[0]},
		{"ctreplsrc", c.ReplSrc, c.SrcMask[1]}, {"ctrepldst", c.ReplDst, c.DstMask[1]},
	}
	for i, a := range addrs {
		f := CtMatchOrigSrc << i
		if c.Match&f != 0 {
			opt(f, a.opt)
			mask := v4(a.mask)
			b = appendPrintAddr(b, v4(a.addr), mask, mask.IsUnspecified(), numeric)
		}
	}
	if c.Match&CtMatchStatus != 0 {
		opt(CtMatchStatus, "ctstatus")
		b = c.Status.appendNames(b, " ")
	}
	if c.Match&CtMatchExpires != 0 {
		opt(CtMatchExpires, "ctexpire ")
		b = strconv.AppendUint(b, c.ExpiresMin, 10)
		if c.ExpiresMax != c.ExpiresMin {
			b = strconv.AppendUint(append(b, ':'), c.ExpiresMax, 10)
		}
	}
	return b
}

// v4 returns a, or 0.0.0.0 when a is not an IPv4 address.
func v4(a netip.Addr) netip.Addr {
	if a.Is4() {
		return a
	}
	return netip.IPv4Unspecified()
}

func decodeConntrackV0(d []byte) (Extension, error) {
	if len(d) < conntrackV0Size {
		return nil, ErrTruncated
	}
	ne := binary.NativeEndian
	be := binary.BigEndian
	ip := func(p []byte) netip.Addr { // all-zero fields stay the invalid Addr
		if allZero(p[:4]) {
			return netip.Addr{}
		}
		return netip.AddrFrom4([4]byte(p[:4]))
	}
	c := &ConntrackV0{State: CtState(ne.Uint32(d)), Status: CtStatus(ne.Uint32(d[4:]))}
	if ne.Uint32(d[4:]) > 0xffff {
		return nil, ExtErr("conntrack", "status mask %#x not modelled", ne.Uint32(d[4:]))
	}
	c.OrigSrc, c.OrigSrcPort = ip(d[8:]), be.Uint16(d[12:])
	c.OrigDst, c.OrigDstPort, c.OrigProto = ip(d[16:]), be.Uint16(d[20:]), ne.Uint16(d[22:])
	c.ReplSrc, c.ReplSrcPort = ip(d[24:]), be.Uint16(d[28:])
	c.ReplDst, c.ReplDstPort, c.ReplProto = ip(d[32:]), be.Uint16(d[36:]), ne.Uint16(d[38:])
	c.SrcMask = [2]netip.Addr{ip(d[40:]), ip(d[44:])}
	c.DstMask = [2]netip.Addr{ip(d[48:]), ip(d[52:])}
	c.ExpiresMin, c.ExpiresMax = readLong(d[56:]), readLong(d[56+longSize:])
	c.Match, c.Invert = CtFlags(d[56+2*longSize]), CtFlags(d[57+2*longSize])
	return c, nil
}

// buildConntrackV0 parses options as iptables' revision-0 conntrack parser
// does: no ports, no --ctdir, addresses without masks.
func buildConntrackV0(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "conntrack"
	c := &ConntrackV0{}
	for _, o := range opts {
		var f CtFlags
		switch o.Name {
		case "ctstate":
			s, ok := parseCtStates(o.Arg, true)
			if !ok {
				return nil, OptErr(ext, o, "bad ctstate")
			}
			c.State = s
			if o.Invert {
				c.Invert |= CtMatchState
			}
			continue // iptables sets no flag for it in revision 0
		case "ctproto":
			p, ok := ParseProto(o.Arg)
			if !ok || p == 0 {
				return nil, OptErr(ext, o, "bad protocol")
			}
			c.OrigProto, f = p, CtMatchProto
		case "ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst":
			a, err := parseHost(FamilyIPv4, o.Arg)
			if err != nil {
				return nil, OptErr(ext, o, "%v", err)
			}
			i := indexOf([]string{"ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"}, o.Name)
			*[4]*netip.Addr{&c.OrigSrc, &c.OrigDst, &c.ReplSrc, &c.ReplDst}[i] = a
			f = CtMatchOrigSrc << i
		case "ctstatus":
			s, ok := parseCtStatuses(o.Arg)
			if !ok {
				return nil, OptErr(ext, o, "bad ctstatus")
			}
			c.Status, f = s, CtMatchStatus
		case "ctexpire":
			lo, hi, err := parseUint32Range(ext, o)
			if err != nil {
				return nil, err
			}
			c.ExpiresMin, c.ExpiresMax, f = uint64(lo), uint64(hi), CtMatchExpires
		default:
			return nil, OptErr(ext, o, "not supported by conntrack revision 0")
		}
		c.Match |= f
		if o.Invert {
			c.Invert |= f
		}
	}
	return c, nil
}
