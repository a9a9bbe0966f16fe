package xt

import "strings"

// tosSymbols are the symbolic TOS values iptables accepts (linux/ip.h
// IPTOS_*), in its order.
var tosSymbols = [...]struct {
	name  string
	value uint8
}{
	{"Minimize-Delay", 0x10}, {"Maximize-Throughput", 0x08},
	{"Maximize-Reliability", 0x04}, {"Minimize-Cost", 0x02}, {"Normal-Service", 0x00},
}

// parseTOSValueMask parses "value[/mask]" or a symbolic name as libxtables'
// XTTYPE_TOSMASK: numbers are 0-255 with the mask defaulting to 0xff; a
// symbol gets symMask (0x3f for the current revisions, 0xff for revision 0).
func parseTOSValueMask(ext string, o Opt, symMask uint8) (value, mask uint8, err error) {
	v, rest, ok := ParseUintPrefix(o.Arg)
	if ok && v <= 0xff && !strings.HasPrefix(strings.TrimLeft(o.Arg, " \t\n\v\f\r"), "-") {
		mask = 0xff
		if strings.HasPrefix(rest, "/") {
			m, rest2, ok := ParseUintPrefix(rest[1:])
			if !ok || m > 0xff || strings.HasPrefix(strings.TrimLeft(rest[1:], " \t\n\v\f\r"), "-") {
				return 0, 0, OptErr(ext, o, "illegal value")
			}
			mask, rest = uint8(m), rest2
		}
		if rest != "" {
			return 0, 0, OptErr(ext, o, "illegal value")
		}
		return uint8(v), mask, nil
	}
	for _, s := range tosSymbols {
		if strings.EqualFold(o.Arg, s.name) {
			return s.value, symMask, nil
		}
	}
	return 0, 0, OptErr(ext, o, "symbolic name is unknown")
}

// TOS is the tos match (-m tos). Revision 1 (struct xt_tos_match_info in
// linux/netfilter/xt_dscp.h, IPv4 and IPv6) matches (tos & Mask) == Value.
// Revision 0 (struct ipt_tos_info {tos, invert} from iptables' libxt_tos.c,
// IPv4 only, gone from today's kernels) compares the whole byte and has
// no mask; Mask must be 0xff there.
//
// The zero value is a revision-1 match with an empty mask, which matches
// every packet; iptables never builds it.
type TOS struct {
	matchBase
	Legacy      bool // revision 0 instead of 1
	Value, Mask uint8
	Invert      bool
}

// Name returns "tos".
func (t *TOS) Name() string { return "tos" }

// Revision returns 0 or 1.
func (t *TOS) Revision() uint8 {
	if t.Legacy {
		return 0
	}
	return 1
}

// AppendBinary appends struct xt_tos_match_info (revision 1) or
// ipt_tos_info (revision 0).
func (t *TOS) AppendBinary(b []byte) ([]byte, error) {
	if t.Legacy {
		if t.Mask != 0xff {
			return b, ExtErr("tos", "revision 0 has no mask")
		}
		return append(b, t.Value, boolByte(t.Invert)), nil
	}
	return append(b, t.Mask, t.Value, boolByte(t.Invert)), nil
}

// AppendSave appends "[ !] --tos 0xVV/0xMM" (revision 0: "--tos 0xVV").
func (t *TOS) AppendSave(b []byte) []byte {
	if t.Invert {
		b = append(b, " !"...)
	}
	b = appendHex02(append(b, " --tos "...), t.Value)
	if !t.Legacy {
		b = appendHex02(append(b, '/'), t.Mask)
	}
	return b
}

// AppendPrint appends the match as tos_mt_print lists it: " tos match"
// then "!" when inverted and " Minimize-Delay" (a name, for the mask 0x3f,
// unless numeric) or "0xVV/0xMM", with no space before "!" or the number,
// as iptables 1.8.11 prints them. Revision 0 (tos_mt_print_v0) prints
// " tos match [!]NAME-or-0xVV" with a space after "match".
func (t *TOS) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " tos match"...)
	mask := t.Mask
	if t.Legacy {
		b = append(b, ' ')
		mask = 0x3f
	}
	if t.Invert {
		b = append(b, '!')
	}
	if name, ok := tosSymbol(t.Value, mask); ok && !numeric {
		return append(append(b, ' '), name...)
	}
	b = appendHex02(b, t.Value)
	if !t.Legacy {
		b = appendHex02(append(b, '/'), t.Mask)
	}
	return b
}

func decodeTOS(rev uint8) func([]byte) (Extension, error) {
	return func(p []byte) (Extension, error) {
		if rev == 0 {
			if len(p) < 2 {
				return nil, ErrTruncated
			}
			return &TOS{Legacy: true, Value: p[0], Mask: 0xff, Invert: p[1] != 0}, nil
		}
		if len(p) < 3 {
			return nil, ErrTruncated
		}
		return &TOS{Mask: p[0], Value: p[1], Invert: p[2] != 0}, nil
	}
}

func buildTOS(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "tos"
	if len(opts) == 0 {
		return nil, &OptionError{Ext: ext, Option: "tos", Msg: "must be specified"}
	}
	o := opts[0]
	legacy := ctx.Revision == 0
	symMask := uint8(0x3f)
	if legacy {
		symMask = 0xff
	}
	v, m, err := parseTOSValueMask(ext, o, symMask)
	if err != nil {
		return nil, err
	}
	if legacy && m != 0xff {
		return nil, OptErr(ext, o, "your kernel is too old to support anything besides /0xFF as a mask")
	}
	return &TOS{Legacy: legacy, Value: v, Mask: m, Invert: o.Invert}, nil
}

// checkLegacyIPv4 refuses the IPv4-only revision 0 of tos and TOS in other
// families.
func checkLegacyIPv4(ctx *Context, e Extension) error {
	if e.Revision() == 0 && ctx.Family != FamilyIPv4 && ctx.Family != FamilyUnspec {
		return ExtErr(e.Name(), "revision 0 is IPv4-only")
	}
	return nil
}

var tosSpec = Spec{
	Kind:   KindMatch,
	Name:   "tos",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeTOS(0)},
		{Revision: 1, Size: 3, Decode: decodeTOS(1)},
	},
	Options: []Option{
		{Name: "tos", Arg: RequiredArg, Invert: true},
	},
	Build: buildTOS,
	Check: checkLegacyIPv4,
}
