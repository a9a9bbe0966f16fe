package xt

import (
	"encoding/binary"
	"strconv"
)

// IPSetCounterOp compares a set element's packet or byte counter (enum
// ip_set_counter_op, ip_set.h).
type IPSetCounterOp uint8

// Counter comparisons.
const (
	IPSetCounterNone IPSetCounterOp = iota // no comparison
	IPSetCounterEq                         // --packets-eq / --bytes-eq
	IPSetCounterNe                         // ! --packets-eq
	IPSetCounterLt                         // --packets-lt
	IPSetCounterGt                         // --packets-gt
)

// IPSetCounter is one counter comparison of the set match (struct
// ip_set_counter_match).
type IPSetCounter struct {
	Op    IPSetCounterOp
	Value uint64
}

// Set match flags of revisions 3 and 4 (enum ipset_cmd_flags) and of the
// xt_set_info flags byte (enum ip_set_kopt).
const (
	ipsetInvMatch        = 1 << 0 // IPSET_INV_MATCH
	ipsetSkipCounters    = 1 << 3 // IPSET_FLAG_SKIP_COUNTER_UPDATE
	ipsetSkipSubcounters = 1 << 4 // IPSET_FLAG_SKIP_SUBCOUNTER_UPDATE
	ipsetReturnNoMatch   = 1 << 7 // IPSET_RETURN_NOMATCH / IPSET_FLAG_RETURN_NOMATCH
)

// Set is the set match (-m set): struct xt_set_info_match_v1 (revisions 1
// and 2), _v3 and _v4 in /usr/include/linux/netfilter/xt_set.h. It looks
// the packet up in an ipset. iptables builds the highest revision the
// kernel has (4 on current kernels).
type Set struct {
	matchBase
	Rev uint8 // 1, 2, 3 or 4
	IPSetRef
	Invert              bool // ! --match-set
	ReturnNoMatch       bool // --return-nomatch (revision 2 and later)
	NoUpdateCounters    bool // ! --update-counters (3 and later)
	NoUpdateSubcounters bool // ! --update-subcounters (3 and later)
	Packets, Bytes      IPSetCounter
}

// Sizes of the revisions' structs.
const (
	setV1Size = 4
	setV3Size = 48
)

// Name returns "set".
func (*Set) Name() string { return "set" }

// Revision returns m.Rev.
func (m *Set) Revision() uint8 { return m.Rev }

func (m *Set) ipsetRefs() []*IPSetRef { return []*IPSetRef{&m.IPSetRef} }

// AppendBinary appends the struct of revision m.Rev.
func (m *Set) AppendBinary(b []byte) ([]byte, error) {
	var bits byte
	if m.Invert {
		bits |= ipsetInvMatch
	}
	if m.Rev < 3 {
		if m.ReturnNoMatch {
			bits |= ipsetReturnNoMatch
		}
		return m.appendInfo(b, bits), nil
	}
	b = m.appendInfo(b, bits)
	b = append(b, 0, 0, 0, 0)
	ne := binary.NativeEndian
	for _, c := range [2]IPSetCounter{m.Packets, m.Bytes} {
		if m.Rev == 3 { // struct ip_set_counter_match0 { __u8 op; __u64 value; }
			b = append(b, byte(c.Op), 0, 0, 0, 0, 0, 0, 0)
			b = ne.AppendUint64(b, c.Value)
		} else { // struct ip_set_counter_match { __aligned_u64 value; __u8 op; }
			b = ne.AppendUint64(b, c.Value)
			b = append(b, byte(c.Op), 0, 0, 0, 0, 0, 0, 0)
		}
	}
	var flags uint32
	if m.ReturnNoMatch {
		flags |= ipsetReturnNoMatch
	}
	if m.NoUpdateCounters {
		flags |= ipsetSkipCounters
	}
	if m.NoUpdateSubcounters {
		flags |= ipsetSkipSubcounters
	}
	b = ne.AppendUint32(b, flags)
	return append(b, 0, 0, 0, 0), nil
}

// AppendSave appends the options as libxt_set's save prints them.
func (m *Set) AppendSave(b []byte) []byte { return m.appendOpts(b, "--") }

// AppendPrint appends the -L form (the same words without "--").
func (m *Set) AppendPrint(b []byte, numeric bool) []byte { return m.appendOpts(b, "") }

func (m *Set) appendOpts(b []byte, sep string) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	b = append(b, ' ')
	b = append(b, sep...)
	b = append(b, "match-set"...)
	b = m.appendName(b)
	if m.ReturnNoMatch {
		b = append(b, ' ')
		b = append(b, sep...)
		b = append(b, "return-nomatch"...)
	}
	if m.NoUpdateCounters {
		b = append(b, " ! "...)
		b = append(b, sep...)
		b = append(b, "update-counters"...)
	}
	if m.NoUpdateSubcounters {
		b = append(b, " ! "...)
		b = append(b, sep...)
		b = append(b, "update-subcounters"...)
	}
	b = appendIPSetCounter(b, m.Packets, "packets", sep)
	return appendIPSetCounter(b, m.Bytes, "bytes", sep)
}

func appendIPSetCounter(b []byte, c IPSetCounter, name, sep string) []byte {
	var op string
	switch c.Op {
	case IPSetCounterEq, IPSetCounterNe:
		op = "-eq "
	case IPSetCounterLt:
		op = "-lt "
	case IPSetCounterGt:
		op = "-gt "
	default:
		return b
	}
	b = append(b, ' ')
	if c.Op == IPSetCounterNe {
		b = append(b, "! "...)
	}
	b = append(b, sep...)
	b = append(b, name...)
	b = append(b, op...)
	return strconv.AppendUint(b, c.Value, 10)
}

func decodeSetV1(data []byte) (Extension, error) {
	r, bits, err := decodeIPSetInfo(data)
	if err != nil {
		return nil, err
	}
	if bits&^(ipsetInvMatch|ipsetReturnNoMatch) != 0 {
		return nil, errIPSetFlags
	}
	return &Set{Rev: 1, IPSetRef: r, Invert: bits&ipsetInvMatch != 0, ReturnNoMatch: bits&ipsetReturnNoMatch != 0}, nil
}

func decodeSetV2(data []byte) (Extension, error) {
	e, err := decodeSetV1(data)
	if err == nil {
		e.(*Set).Rev = 2
	}
	return e, err
}

func decodeSetV3(data []byte) (Extension, error) { return decodeSetCounters(data, 3) }
func decodeSetV4(data []byte) (Extension, error) { return decodeSetCounters(data, 4) }

func decodeSetCounters(data []byte, rev uint8) (Extension, error) {
	if len(data) < setV3Size {
		return nil, ErrTruncated
	}
	r, bits, err := decodeIPSetInfo(data)
	if err != nil {
		return nil, err
	}
	if bits&^ipsetInvMatch != 0 {
		return nil, errIPSetFlags
	}
	ne := binary.NativeEndian
	m := &Set{Rev: rev, IPSetRef: r, Invert: bits&ipsetInvMatch != 0}
	for i, c := range []*IPSetCounter{&m.Packets, &m.Bytes} {
		at := 8 + 16*i
		if rev == 3 {
			c.Op, c.Value = IPSetCounterOp(data[at]), ne.Uint64(data[at+8:])
		} else {
			c.Value, c.Op = ne.Uint64(data[at:]), IPSetCounterOp(data[at+8])
		}
		if c.Op > IPSetCounterGt {
			return nil, errIPSetFlags
		}
	}
	flags := ne.Uint32(data[40:])
	if flags&^(ipsetReturnNoMatch|ipsetSkipCounters|ipsetSkipSubcounters) != 0 {
		return nil, errIPSetFlags
	}
	m.ReturnNoMatch = flags&ipsetReturnNoMatch != 0
	m.NoUpdateCounters = flags&ipsetSkipCounters != 0
	m.NoUpdateSubcounters = flags&ipsetSkipSubcounters != 0
	return m, nil
}

// buildSet follows libxt_set's set_parse_v1 to _v4 and set_check.
func buildSet(ctx *Context, opts []Opt) (Extension, error) {
	m := &Set{Rev: ctx.Revision}
	seen := false
	for _, o := range opts {
		switch o.Name {
		case "match-set", "set":
			if seen {
				return nil, OptErr("set", o, "--match-set can be specified only once")
			}
			r, err := parseIPSetRef(ctx, "set", o, o.Arg, o.Arg2)
			if err != nil {
				return nil, err
			}
			m.IPSetRef, m.Invert, seen = r, o.Invert, true
		case "return-nomatch":
			if o.Invert {
				return nil, OptErr("set", o, "--return-nomatch flag cannot be inverted")
			}
			m.ReturnNoMatch = true
		case "update-counters":
			m.NoUpdateCounters = m.NoUpdateCounters || o.Invert
		case "update-subcounters":
			m.NoUpdateSubcounters = m.NoUpdateSubcounters || o.Invert
		default:
			c, what := &m.Packets, "packets"
			if o.Name[0] == 'b' {
				c, what = &m.Bytes, "bytes"
			}
			if c.Op != IPSetCounterNone {
				return nil, OptErr("set", o, "only one of the --%s-[eq|lt|gt] is allowed", what)
			}
			v, ok := ParseUint(o.Arg, 0, 0)
			if !ok {
				return nil, OptErr("set", o, "Cannot parse %s as a counter value", o.Arg)
			}
			switch o.Name[len(o.Name)-2:] {
			case "eq":
				c.Op = IPSetCounterEq
				if o.Invert {
					c.Op = IPSetCounterNe
				}
			case "lt", "gt":
				if o.Invert {
					return nil, OptErr("set", o, "--%s option cannot be inverted", o.Name)
				}
				c.Op = IPSetCounterLt
				if o.Name[len(o.Name)-2] == 'g' {
					c.Op = IPSetCounterGt
				}
			}
			c.Value = v
		}
	}
	if !seen {
		return nil, ExtErr("set", "You must specify `--match-set' with proper arguments")
	}
	if m.Rev < 3 && (m.NoUpdateCounters || m.NoUpdateSubcounters || m.Packets.Op != 0 || m.Bytes.Op != 0) {
		return nil, ExtErr("set", "counter options need set match revision 3, which the kernel lacks")
	}
	if m.Rev < 2 && m.ReturnNoMatch {
		return nil, ExtErr("set", "--return-nomatch needs set match revision 2, which the kernel lacks")
	}
	return m, nil
}

// setSpec is the set match (net/netfilter/xt_set.c, libxt_set.c).
var setSpec = Spec{
	Kind: KindMatch,
	Name: "set",
	Revisions: []Revision{
		{Revision: 1, Size: setV1Size, Decode: decodeSetV1},
		{Revision: 2, Size: setV1Size, Decode: decodeSetV2},
		{Revision: 3, Size: setV3Size, Decode: decodeSetV3},
		{Revision: 4, Size: setV3Size, Decode: decodeSetV4},
	},
	Options: []Option{
		{Name: "match-set", Arg: TwoArgs, Invert: true},
		{Name: "set", Arg: TwoArgs, Invert: true}, // deprecated spelling
		{Name: "return-nomatch", Arg: NoArg, Invert: true},
		{Name: "update-counters", Arg: NoArg, Invert: true},
		{Name: "update-subcounters", Arg: NoArg, Invert: true},
		{Name: "packets-eq", Arg: RequiredArg, Invert: true},
		{Name: "packets-lt", Arg: RequiredArg, Invert: true},
		{Name: "packets-gt", Arg: RequiredArg, Invert: true},
		{Name: "bytes-eq", Arg: RequiredArg, Invert: true},
		{Name: "bytes-lt", Arg: RequiredArg, Invert: true},
		{Name: "bytes-gt", Arg: RequiredArg, Invert: true},
	},
	Build: buildSet,
}
