package xt

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// CtState is a set of connection states (XT_CONNTRACK_STATE_* and
// XT_CONNTRACK_STATE_BIT(IP_CT_*) in linux/netfilter/xt_conntrack.h).
type CtState uint32

// Connection states.
const (
	CtStateInvalid     CtState = 1 << 0 // XT_CONNTRACK_STATE_INVALID
	CtStateEstablished CtState = 1 << 1 // XT_CONNTRACK_STATE_BIT(IP_CT_ESTABLISHED)
	CtStateRelated     CtState = 1 << 2 // XT_CONNTRACK_STATE_BIT(IP_CT_RELATED)
	CtStateNew         CtState = 1 << 3 // XT_CONNTRACK_STATE_BIT(IP_CT_NEW)
	CtStateSNAT        CtState = 1 << 6 // XT_CONNTRACK_STATE_SNAT
	CtStateDNAT        CtState = 1 << 7 // XT_CONNTRACK_STATE_DNAT
	CtStateUntracked   CtState = 1 << 8 // XT_CONNTRACK_STATE_UNTRACKED
)

// ctStateNames is the order in which iptables prints states.
var ctStateNames = [...]struct {
	bit  CtState
	name string
}{
	{CtStateInvalid, "INVALID"}, {CtStateNew, "NEW"}, {CtStateRelated, "RELATED"},
	{CtStateEstablished, "ESTABLISHED"}, {CtStateUntracked, "UNTRACKED"},
	{CtStateSNAT, "SNAT"}, {CtStateDNAT, "DNAT"},
}

// String returns the states as iptables prints them ("NEW,ESTABLISHED").
func (s CtState) String() string { return string(s.appendNames(nil, "")) }

// appendNames appends the known states, the first preceded by sep0 and the
// others by commas.
func (s CtState) appendNames(b []byte, sep0 string) []byte {
	sep := sep0
	for _, n := range ctStateNames {
		if s&n.bit != 0 {
			b = append(b, sep...)
			b = append(b, n.name...)
			sep = ","
		}
	}
	return b
}

// parseCtStates parses a comma-separated state list as iptables does: each
// item may be a case-insensitive prefix of a state name (the first in
// iptables' order wins). SNAT and DNAT are accepted when nat is true.
func parseCtStates(arg string, nat bool) (CtState, bool) {
	order := [...]struct {
		name string
		bit  CtState
	}{
		{"INVALID", CtStateInvalid}, {"NEW", CtStateNew}, {"ESTABLISHED", CtStateEstablished},
		{"RELATED", CtStateRelated}, {"UNTRACKED", CtStateUntracked},
		{"SNAT", CtStateSNAT}, {"DNAT", CtStateDNAT},
	}
	var mask CtState
	for _, tok := range strings.Split(arg, ",") {
		found := false
		for _, o := range order {
			if !nat && (o.bit == CtStateSNAT || o.bit == CtStateDNAT) {
				continue
			}
			if prefixMatch(tok, o.name) {
				mask |= o.bit
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return mask, true
}

// CtStatus is a set of conntrack status bits (IPS_* in
// linux/netfilter/nf_conntrack_common.h).
type CtStatus uint16

// Status bits iptables can name.
const (
	CtStatusExpected  CtStatus = 1 << 0 // IPS_EXPECTED
	CtStatusSeenReply CtStatus = 1 << 1 // IPS_SEEN_REPLY
	CtStatusAssured   CtStatus = 1 << 2 // IPS_ASSURED
	CtStatusConfirmed CtStatus = 1 << 3 // IPS_CONFIRMED
)

var ctStatusNames = [...]struct {
	bit  CtStatus
	name string
}{
	{CtStatusExpected, "EXPECTED"}, {CtStatusSeenReply, "SEEN_REPLY"},
	{CtStatusAssured, "ASSURED"}, {CtStatusConfirmed, "CONFIRMED"},
}

// String returns the status bits as iptables prints them; 0 is "NONE".
func (s CtStatus) String() string { return string(s.appendNames(nil, "")) }

func (s CtStatus) appendNames(b []byte, sep0 string) []byte {
	sep := sep0
	for _, n := range ctStatusNames {
		if s&n.bit != 0 {
			b = append(b, sep...)
			b = append(b, n.name...)
			sep = ","
		}
	}
	if s == 0 {
		b = append(b, sep...)
		b = append(b, "NONE"...)
	}
	return b
}

func parseCtStatuses(arg string) (CtStatus, bool) {
	var mask CtStatus
	for _, tok := range strings.Split(arg, ",") {
		switch {
		case prefixMatch(tok, "NONE"):
		case prefixMatch(tok, "EXPECTED"):
			mask |= CtStatusExpected
		case prefixMatch(tok, "SEEN_REPLY"):
			mask |= CtStatusSeenReply
		case prefixMatch(tok, "ASSURED"):
			mask |= CtStatusAssured
		case prefixMatch(tok, "CONFIRMED"):
			mask |= CtStatusConfirmed
		default:
			return 0, false
		}
	}
	return mask, true
}

// CtFlags are the match_flags / invert_flags bits of the conntrack match
// (XT_CONNTRACK_* in linux/netfilter/xt_conntrack.h).
type CtFlags uint16

// Conntrack match flags.
const (
	CtMatchState       CtFlags = 1 << 0  // XT_CONNTRACK_STATE
	CtMatchProto       CtFlags = 1 << 1  // XT_CONNTRACK_PROTO
	CtMatchOrigSrc     CtFlags = 1 << 2  // XT_CONNTRACK_ORIGSRC
	CtMatchOrigDst     CtFlags = 1 << 3  // XT_CONNTRACK_ORIGDST
	CtMatchReplSrc     CtFlags = 1 << 4  // XT_CONNTRACK_REPLSRC
	CtMatchReplDst     CtFlags = 1 << 5  // XT_CONNTRACK_REPLDST
	CtMatchStatus      CtFlags = 1 << 6  // XT_CONNTRACK_STATUS
	CtMatchExpires     CtFlags = 1 << 7  // XT_CONNTRACK_EXPIRES
	CtMatchOrigSrcPort CtFlags = 1 << 8  // XT_CONNTRACK_ORIGSRC_PORT
	CtMatchOrigDstPort CtFlags = 1 << 9  // XT_CONNTRACK_ORIGDST_PORT
	CtMatchReplSrcPort CtFlags = 1 << 10 // XT_CONNTRACK_REPLSRC_PORT
	CtMatchReplDstPort CtFlags = 1 << 11 // XT_CONNTRACK_REPLDST_PORT
	// CtMatchDirection matches the packet's direction: ORIGINAL, or REPLY
	// when the same bit is set in the invert flags.
	CtMatchDirection CtFlags = 1 << 12 // XT_CONNTRACK_DIRECTION
	// CtMatchStateAlias marks a match written as -m state; it saves as
	// "-m state --state ...".
	CtMatchStateAlias CtFlags = 1 << 13 // XT_CONNTRACK_STATE_ALIAS
)

// CtAddr is an address with a (possibly non-contiguous) mask. For IPv4
// both are 4-byte addresses; invalid Addr values encode as zeros.
type CtAddr struct {
	Addr, Mask netip.Addr
	// PadOnes is for IPv4 masks: the kernel reads only the first 4 bytes
	// of the 16-byte mask, and iptables fills the other 12 with ones when
	// no prefix length was given. It keeps such values byte-exact.
	PadOnes bool
}

// CtPorts is a port range in host order. Revisions 1 and 2 hold one port
// (Lo, with Hi equal to it or 0).
type CtPorts struct {
	Lo, Hi uint16
}

// Conntrack is the conntrack match (-m conntrack), or -m state built as
// conntrack with [CtMatchStateAlias].
//
// Kernel structs (linux/netfilter/xt_conntrack.h): struct
// xt_conntrack_mtinfo1 (revision 1: 8-bit state and status masks, one
// port in network order), xt_conntrack_mtinfo2 (revision 2: 16-bit masks)
// and xt_conntrack_mtinfo3 (revision 3: host-order port ranges). Revision
// 0 is [ConntrackV0].
//
// Only the fields whose bit is set in Match are meaningful. The zero value
// is a revision-3 match that matches nothing in particular; iptables
// refuses it (at least one option is required).
//
// Addresses are decoded as IPv4 unless their bytes show an IPv6 address;
// callers that know the family is IPv6 should convert.
type Conntrack struct {
	matchBase
	Rev    uint8   // 1, 2 or 3; 0 means 3
	Match  CtFlags // match_flags
	Invert CtFlags // invert_flags
	State  CtState // state_mask
	Status CtStatus
	Proto  uint16 // l4proto

	OrigSrc, OrigDst, ReplSrc, ReplDst                 CtAddr
	OrigSrcPort, OrigDstPort, ReplSrcPort, ReplDstPort CtPorts
	ExpiresMin, ExpiresMax                             uint32 // seconds
}

// Name returns "conntrack".
func (c *Conntrack) Name() string { return "conntrack" }

// Revision returns the kernel revision, 1 to 3.
func (c *Conntrack) Revision() uint8 {
	if c.Rev == 0 {
		return 3
	}
	return c.Rev
}

// SaveName is "state" for a match built by -m state.
func (c *Conntrack) SaveName() string {
	if c.Match&CtMatchStateAlias != 0 {
		return "state"
	}
	return "conntrack"
}

func (c *Conntrack) addrs() [4]*CtAddr {
	return [4]*CtAddr{&c.OrigSrc, &c.OrigDst, &c.ReplSrc, &c.ReplDst}
}

func (c *Conntrack) ports() [4]*CtPorts {
	return [4]*CtPorts{&c.OrigSrcPort, &c.OrigDstPort, &c.ReplSrcPort, &c.ReplDstPort}
}

// Sizes of xt_conntrack_mtinfo1..3, tail padding included.
var conntrackSizes = [4]int{0, 152, 156, 164}

// AppendBinary appends struct xt_conntrack_mtinfo{1,2,3}.
func (c *Conntrack) AppendBinary(b []byte) ([]byte, error) {
	rev := c.Revision()
	if rev > 3 {
		return b, ExtErr("conntrack", "unknown revision %d", rev)
	}
	start := len(b)
	ne := binary.NativeEndian
	for _, a := range c.addrs() {
		b = appendInetAddr(b, a.Addr)
		b = appendInetMask(b, a.Mask, a.PadOnes)
	}
	b = ne.AppendUint32(b, c.ExpiresMin)
	b = ne.AppendUint32(b, c.ExpiresMax)
	b = ne.AppendUint16(b, c.Proto)
	for _, p := range c.ports() {
		if rev == 3 {
			b = ne.AppendUint16(b, p.Lo)
			continue
		}
		if p.Hi != p.Lo && p.Hi != 0 {
			return b[:start], ExtErr("conntrack", "revision %d does not support port ranges", rev)
		}
		b = binary.BigEndian.AppendUint16(b, p.Lo)
	}
	b = ne.AppendUint16(b, uint16(c.Match))
	b = ne.AppendUint16(b, uint16(c.Invert))
	if rev == 1 {
		if c.State > 0xff || c.Status > 0xff {
			return b[:start], ExtErr("conntrack", "revision 1 holds 8-bit state and status masks")
		}
		b = append(b, byte(c.State), byte(c.Status))
	} else {
		if c.State > 0xffff {
			return b[:start], ExtErr("conntrack", "state mask %#x does not fit", uint32(c.State))
		}
		b = ne.AppendUint16(b, uint16(c.State))
		b = ne.AppendUint16(b, uint16(c.Status))
	}
	if rev == 3 {
		for _, p := range c.ports() {
			b = ne.AppendUint16(b, p.Hi)
		}
	}
	for len(b)-start < conntrackSizes[rev] {
		b = append(b, 0)
	}
	return b, nil
}

func decodeConntrack(rev uint8) func([]byte) (Extension, error) {
	return func(d []byte) (Extension, error) {
		if len(d) < conntrackSizes[rev] {
			return nil, ErrTruncated
		}
		ne := binary.NativeEndian
		c := &Conntrack{Rev: rev}
		c.Match = CtFlags(ne.Uint16(d[146:]))
		c.Invert = CtFlags(ne.Uint16(d[148:]))
		is4 := true
		for i := 0; i < 4; i++ {
			az, _ := inetTail(d[32*i:])
			mz, mo := inetTail(d[32*i+16:])
			is4 = is4 && az && (mz || mo)
		}
		for i, a := range c.addrs() {
			addr, mask := d[32*i:32*i+16], d[32*i+16:32*i+32]
			if c.Match&(CtMatchOrigSrc<<i) != 0 || !allZero(addr) || !allZero(mask) {
				a.Addr, a.Mask = inetAddr(addr, is4), inetAddr(mask, is4)
				_, a.PadOnes = inetTail(mask)
				a.PadOnes = a.PadOnes && is4
			}
		}
		c.ExpiresMin = ne.Uint32(d[128:])
		c.ExpiresMax = ne.Uint32(d[132:])
		c.Proto = ne.Uint16(d[136:])
		for i, p := range c.ports() {
			if rev == 3 {
				p.Lo = ne.Uint16(d[138+2*i:])
				p.Hi = ne.Uint16(d[154+2*i:])
			} else {
				p.Lo = binary.BigEndian.Uint16(d[138+2*i:])
				p.Hi = p.Lo
			}
		}
		if rev == 1 {
			c.State, c.Status = CtState(d[150]), CtStatus(d[151])
		} else {
			c.State, c.Status = CtState(ne.Uint16(d[150:])), CtStatus(ne.Uint16(d[152:]))
		}
		return c, nil
	}
}

func allZero(p []byte) bool {
	for _, x := range p {
		if x != 0 {
			return false
		}
	}
	return true
}

// AppendSave appends the options as iptables-save prints them.
func (c *Conntrack) AppendSave(b []byte) []byte { return c.appendDump(b, "--", true) }

// AppendPrint appends the match as iptables 1.8.11 -L lists it
// (conntrack_dump, as for saving but without the dashes): " ctstate
// RELATED,ESTABLISHED", " state NEW" for -m state, " ctorigsrc anywhere"
// for a zero address unless numeric.
func (c *Conntrack) AppendPrint(b []byte, numeric bool) []byte {
	return c.appendDump(b, "", numeric)
}

// appendCtOpt appends one conntrack option's name: " [!] PFXNAME".
func appendCtOpt(b []byte, inv bool, pfx, name string) []byte {
	if inv {
		b = append(b, " !"...)
	}
	b = append(b, ' ')
	b = append(b, pfx...)
	return append(b, name...)
}

// appendDump is conntrack_dump: the options, each named with prefix pfx.
func (c *Conntrack) appendDump(b []byte, pfx string, numeric bool) []byte {
	opt := func(f CtFlags, name string) { b = appendCtOpt(b, c.Invert&f != 0, pfx, name) }
	if c.Match&CtMatchState != 0 {
		if c.Match&CtMatchStateAlias != 0 {
			opt(CtMatchState, "state")
		} else {
			opt(CtMatchState, "ctstate")
		}
		b = c.State.appendNames(b, " ")
	}
	if c.Match&CtMatchProto != 0 {
		opt(CtMatchProto, "ctproto ")
		b = strconv.AppendUint(b, uint64(c.Proto), 10)
	}
	names := [4]string{"ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"}
	for i, a := range c.addrs() {
		f := CtMatchOrigSrc << i
		if c.Match&f != 0 {
			opt(f, names[i])
			zero := !a.Addr.IsValid() || a.Addr.IsUnspecified()
			b = appendPrintAddr(b, a.Addr, a.Mask, zero, numeric)
		}
	}
	for i, p := range c.ports() {
		f := CtMatchOrigSrcPort << i
		if c.Match&f == 0 {
			continue
		}
		opt(f, names[i])
		b = strconv.AppendUint(append(b, "port "...), uint64(p.Lo), 10)
		if c.Revision() == 3 && p.Hi != 0 && p.Hi != p.Lo {
			b = strconv.AppendUint(append(b, ':'), uint64(p.Hi), 10)
		}
	}
	if c.Match&CtMatchStatus != 0 {
		opt(CtMatchStatus, "ctstatus")
		b = c.Status.appendNames(b, " ")
	}
	if c.Match&CtMatchExpires != 0 {
		opt(CtMatchExpires, "ctexpire ")
		b = strconv.AppendUint(b, uint64(c.ExpiresMin), 10)
		if c.ExpiresMax != c.ExpiresMin {
			b = strconv.AppendUint(append(b, ':'), uint64(c.ExpiresMax), 10)
		}
	}
	if c.Match&CtMatchDirection != 0 {
		// An inverted direction is REPLY, printed without "!".
		dir := "ctdir ORIGINAL"
		if c.Invert&CtMatchDirection != 0 {
			dir = "ctdir REPLY"
		}
		b = append(append(append(b, ' '), pfx...), dir...)
	}
	return b
}

// parsePortRangeRC parses "a[:b]" as libxtables' XTTYPE_PORTRC.
func parsePortRangeRC(ext string, o Opt) (CtPorts, error) {
	parts := strings.Split(o.Arg, ":")
	if len(parts) > 2 {
		return CtPorts{}, OptErr(ext, o, "too many components (max: 2)")
	}
	r := [2]uint16{0, 65535}
	prev := uint16(0)
	for i, p := range parts {
		if p == "" {
			continue
		}
		v, ok := ParsePort(p, "")
		if !ok {
			return CtPorts{}, OptErr(ext, o, "port %q does not resolve to anything", p)
		}
		if v < prev {
			return CtPorts{}, OptErr(ext, o, "port range %d-%d is negative", prev, v)
		}
		r[i], prev = v, v
	}
	if len(parts) == 1 {
		r[1] = r[0]
	}
	return CtPorts{r[0], r[1]}, nil
}

func buildConntrack(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "conntrack"
	if len(opts) == 0 {
		return nil, verbatim(ext, "at least one option is required", "conntrack: At least one option is required")
	}
	if ctx.Revision == 0 {
		return buildConntrackV0(ctx, opts)
	}
	c := &Conntrack{Rev: ctx.Revision}
	addrOpts := [4]string{"ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"}
	for _, o := range opts {
		var f CtFlags
		switch o.Name {
		case "ctstate":
			s, ok := parseCtStates(o.Arg, true)
			if !ok {
				return nil, OptErr(ext, o, "bad ctstate")
			}
			if c.Revision() == 1 {
				s &= 0xff // struct xt_conntrack_mtinfo1 has an 8-bit mask
			}
			c.State, f = s, CtMatchState
		case "ctproto":
			p, ok := ParseProto(o.Arg)
			if !ok {
				return nil, OptErr(ext, o, "unknown protocol")
			}
			if p == 0 {
				if o.Invert {
					return nil, OptErr(ext, o, "condition would always match protocol")
				}
				return nil, OptErr(ext, o, "rule would never match protocol")
			}
			c.Proto, f = p, CtMatchProto
		case "ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst":
			i := indexOf(addrOpts[:], o.Name)
			addr, mask, pad, err := parseHostMask(ctx.Family, o.Arg)
			if err != nil {
				return nil, OptErr(ext, o, "%v", err)
			}
			*c.addrs()[i] = CtAddr{addr, mask, pad}
			f = CtMatchOrigSrc << i
		case "ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport":
			i := indexOf(addrOpts[:], strings.TrimSuffix(o.Name, "port"))
			p, err := parsePortRangeRC(ext, o)
			if err != nil {
				return nil, err
			}
			if c.Revision() < 3 && p.Lo != p.Hi {
				return nil, OptErr(ext, o, "conntrack rev %d does not support port ranges", c.Revision())
			}
			*c.ports()[i] = p
			f = CtMatchOrigSrcPort << i
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
			c.ExpiresMin, c.ExpiresMax, f = lo, hi, CtMatchExpires
		case "ctdir":
			switch {
			case strings.EqualFold(o.Arg, "ORIGINAL"):
				c.Invert &^= CtMatchDirection
			case strings.EqualFold(o.Arg, "REPLY"):
				c.Invert |= CtMatchDirection
			default:
				return nil, OptErr(ext, o, "bad value")
			}
			c.Match |= CtMatchDirection
			continue
		}
		c.Match |= f
		if o.Invert {
			c.Invert |= f
		}
	}
	return c, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

var conntrackSpec = Spec{
	Kind:   KindMatch,
	Name:   "conntrack",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: conntrackV0Size, Decode: decodeConntrackV0},
		{Revision: 1, Size: 152, Decode: decodeConntrack(1)},
		{Revision: 2, Size: 156, Decode: decodeConntrack(2)},
		{Revision: 3, Size: 164, Decode: decodeConntrack(3)},
	},
	Options: []Option{
		{Name: "ctstate", Arg: RequiredArg, Invert: true},
		{Name: "ctproto", Arg: RequiredArg, Invert: true},
		{Name: "ctorigsrc", Arg: RequiredArg, Invert: true},
		{Name: "ctorigdst", Arg: RequiredArg, Invert: true},
		{Name: "ctreplsrc", Arg: RequiredArg, Invert: true},
		{Name: "ctrepldst", Arg: RequiredArg, Invert: true},
		{Name: "ctstatus", Arg: RequiredArg, Invert: true},
		{Name: "ctexpire", Arg: RequiredArg, Invert: true},
		{Name: "ctorigsrcport", Arg: RequiredArg, Invert: true},
		{Name: "ctorigdstport", Arg: RequiredArg, Invert: true},
		{Name: "ctreplsrcport", Arg: RequiredArg, Invert: true},
		{Name: "ctrepldstport", Arg: RequiredArg, Invert: true},
		{Name: "ctdir", Arg: RequiredArg},
	},
	Build: buildConntrack,
	Check: checkLegacyIPv4,
}
