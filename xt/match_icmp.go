package xt

import (
	"errors"
	"strconv"
	"strings"
)

// ICMPTypeAny is the type value iptables uses for --icmp-type any (with
// codes 0-255); the kernel's icmp match treats it as a wildcard.
const ICMPTypeAny = 0xff

// ICMP is the IPv4 icmp match (-m icmp): struct ipt_icmp in
// /usr/include/linux/netfilter_ipv4/ip_tables.h, revision 0 only. The rule
// must say -p icmp.
//
// The zero value matches ICMP type 0 (echo-reply) with code 0 only;
// iptables' "any" is Type ICMPTypeAny with codes 0 to 255, see [ICMPAny].
type ICMP struct {
	matchBase
	Type             uint8
	CodeMin, CodeMax uint8 // inclusive code range
	Invert           bool  // IPT_ICMP_INV: ! --icmp-type
}

// ICMPAny returns the match for --icmp-type any.
func ICMPAny() *ICMP { return &ICMP{Type: ICMPTypeAny, CodeMax: 0xff} }

const icmpSize = 4 // sizeof(struct ipt_icmp)

// Name returns "icmp".
func (*ICMP) Name() string { return "icmp" }

// Revision returns 0.
func (*ICMP) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_icmp.
func (m *ICMP) AppendBinary(b []byte) ([]byte, error) {
	inv := byte(0)
	if m.Invert {
		inv = 1
	}
	return append(b, m.Type, m.CodeMin, m.CodeMax, inv), nil
}

// AppendSave appends the options as iptables 1.8.11's icmp_save prints
// them: "any" only for type 255 with all codes, otherwise the number and,
// when the codes are not 0-255, "/" and the lowest code.
func (m *ICMP) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	b = append(b, " --icmp-type "...)
	allCodes := m.CodeMin == 0 && m.CodeMax == 0xff
	if m.Type == ICMPTypeAny && allCodes {
		return append(b, "any"...)
	}
	b = strconv.AppendUint(b, uint64(m.Type), 10)
	if !allCodes {
		b = append(b, '/')
		b = strconv.AppendUint(b, uint64(m.CodeMin), 10)
	}
	return b
}

// AppendPrint appends the match as iptables 1.8.11's icmp_print lists it:
// " icmp echo-request" for a named type and code range unless numeric,
// else " icmp type 3 code 1" or " icmp type 3 codes 1-4" (with " !" before
// "type" when inverted; codes 0-255 are not printed).
func (m *ICMP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " icmp"...)
	if !numeric {
		for _, n := range icmpNames {
			if n.typ == m.Type && n.cmin == m.CodeMin && n.cmax == m.CodeMax {
				b = append(b, ' ')
				if m.Invert {
					b = append(b, '!')
				}
				return append(b, n.name...)
			}
		}
	}
	if m.Invert {
		b = append(b, " !"...)
	}
	// iptables prints no space before "type" here.
	b = append(b, "type "...)
	b = appendUint(b, m.Type)
	switch {
	case m.CodeMin == m.CodeMax:
		b = append(b, " code "...)
		b = appendUint(b, m.CodeMin)
	case m.CodeMin != 0 || m.CodeMax != 0xff:
		b = append(b, " codes "...)
		b = appendUint(b, m.CodeMin)
		b = append(b, '-')
		b = appendUint(b, m.CodeMax)
	}
	return b
}

var errICMPInvFlags = errors.New("icmp: unknown inversion flags")

func decodeICMP(data []byte) (Extension, error) {
	if len(data) < icmpSize {
		return nil, ErrTruncated
	}
	if data[3]&^1 != 0 {
		return nil, errICMPInvFlags // the kernel refuses them
	}
	return &ICMP{Type: data[0], CodeMin: data[1], CodeMax: data[2], Invert: data[3] == 1}, nil
}

// icmpName is one of iptables' ICMP type names (libxt_icmp.h).
type icmpName struct {
	name            string
	typ, cmin, cmax uint8
}

// icmpNames lists iptables' ICMP type names in its order, aliases included.
var icmpNames = [...]icmpName{
	{"any", 0xff, 0, 0xff},
	{"echo-reply", 0, 0, 0xff},
	{"pong", 0, 0, 0xff},
	{"destination-unreachable", 3, 0, 0xff},
	{"network-unreachable", 3, 0, 0},
	{"host-unreachable", 3, 1, 1},
	{"protocol-unreachable", 3, 2, 2},
	{"port-unreachable", 3, 3, 3},
	{"fragmentation-needed", 3, 4, 4},
	{"source-route-failed", 3, 5, 5},
	{"network-unknown", 3, 6, 6},
	{"host-unknown", 3, 7, 7},
	{"network-prohibited", 3, 9, 9},
	{"host-prohibited", 3, 10, 10},
	{"TOS-network-unreachable", 3, 11, 11},
	{"TOS-host-unreachable", 3, 12, 12},
	{"communication-prohibited", 3, 13, 13},
	{"host-precedence-violation", 3, 14, 14},
	{"precedence-cutoff", 3, 15, 15},
	{"source-quench", 4, 0, 0xff},
	{"redirect", 5, 0, 0xff},
	{"network-redirect", 5, 0, 0},
	{"host-redirect", 5, 1, 1},
	{"TOS-network-redirect", 5, 2, 2},
	{"TOS-host-redirect", 5, 3, 3},
	{"echo-request", 8, 0, 0xff},
	{"ping", 8, 0, 0xff},
	{"router-advertisement", 9, 0, 0xff},
	{"router-solicitation", 10, 0, 0xff},
	{"time-exceeded", 11, 0, 0xff},
	{"ttl-exceeded", 11, 0, 0xff},
	{"ttl-zero-during-transit", 11, 0, 0},
	{"ttl-zero-during-reassembly", 11, 1, 1},
	{"parameter-problem", 12, 0, 0xff},
	{"ip-header-bad", 12, 0, 0},
	{"required-option-missing", 12, 1, 1},
	{"timestamp-request", 13, 0, 0xff},
	{"timestamp-reply", 14, 0, 0xff},
	{"address-mask-request", 17, 0, 0xff},
	{"address-mask-reply", 18, 0, 0xff},
}

// icmpRange parses "N" or "N:M" (0-255, strtoul base 0) at the start of s
// and returns the rest.
func icmpRange(s string) (lo, hi uint8, rest string, ok bool) {
	v, rest, ok := ParseUintPrefix(s)
	if !ok || v > 255 {
		return 0, 0, s, false
	}
	lo, hi = uint8(v), uint8(v)
	if strings.HasPrefix(rest, ":") {
		v, rest, ok = ParseUintPrefix(rest[1:])
		if !ok || v > 255 {
			return 0, 0, s, false
		}
		hi = uint8(v)
	}
	return lo, hi, rest, true
}

// parseICMPType parses the argument of --icmp-type as iptables does: a
// case-insensitive unique prefix of a type name, or TYPE[/CODE[:CODE]].
func parseICMPType(o Opt) (*ICMP, error) {
	s := o.Arg
	var found *icmpName
	for i := range icmpNames {
		n := &icmpNames[i]
		if len(s) <= len(n.name) && strings.EqualFold(n.name[:len(s)], s) {
			if found != nil {
				return nil, OptErr("icmp", o, "ambiguous ICMP type: %s or %s?", found.name, n.name)
			}
			found = n
		}
	}
	if found != nil {
		return &ICMP{Type: found.typ, CodeMin: found.cmin, CodeMax: found.cmax}, nil
	}
	tlo, thi, rest, ok := icmpRange(s)
	if !ok {
		return nil, OptErr("icmp", o, "unknown ICMP type")
	}
	m := &ICMP{Type: tlo, CodeMax: 0xff}
	if rest != "" && rest[0] == '/' {
		var clo, chi uint8
		if clo, chi, rest, ok = icmpRange(rest[1:]); !ok {
			return nil, OptErr("icmp", o, "unknown ICMP code")
		}
		m.CodeMin, m.CodeMax = clo, chi
	}
	if rest != "" {
		return nil, OptErr("icmp", o, "unknown character %q", rest[0])
	}
	if tlo != thi {
		return nil, OptErr("icmp", o, "ICMP type range not supported")
	}
	return m, nil
}

func buildICMP(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "icmp-type" {
			m, err := parseICMPType(o)
			if err != nil {
				return nil, err
			}
			m.Invert = o.Invert
			return m, nil
		}
	}
	return nil, &OptionError{Ext: "icmp", Option: "icmp-type", Msg: "must be specified"}
}

// icmpSpec is the IPv4 icmp match (ipt_icmp in net/ipv4/netfilter/
// ip_tables.c, libipt_icmp.c).
var icmpSpec = Spec{
	Kind:   KindMatch,
	Name:   "icmp",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: icmpSize, Decode: decodeICMP},
	},
	Options: []Option{
		{Name: "icmp-type", Arg: RequiredArg, Invert: true},
	},
	Build: buildICMP,
	Proto: 1, // IPPROTO_ICMP
}
