package xt

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Length is the length match (-m length): struct xt_length_info in
// /usr/include/linux/netfilter/xt_length.h, revision 0 only. It compares
// the packet's length (IPv4: the whole packet; IPv6: the payload plus
// 40) with an inclusive range.
//
// --length is mandatory in iptables, so there is no default: the zero
// value matches packets of length 0 only.
type Length struct {
	matchBase
	Min, Max uint16
	Invert   bool // ! --length
}

const lengthSize = 6 // sizeof(struct xt_length_info)

// Name returns "length".
func (*Length) Name() string { return "length" }

// Revision returns 0.
func (*Length) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_length_info.
func (m *Length) AppendBinary(b []byte) ([]byte, error) {
	return appendRange16(b, m.Min, m.Max, m.Invert), nil
}

// AppendSave appends " [!] --length MIN[:MAX]" as libxt_length's save does.
func (m *Length) AppendSave(b []byte) []byte {
	return appendSaveRange16(b, "length", m.Min, m.Max, m.Invert)
}

// AppendPrint appends " length [!]MIN[:MAX]" (length_print).
func (m *Length) AppendPrint(b []byte, numeric bool) []byte {
	return appendPrintRange16(b, " length ", m.Min, m.Max, m.Invert)
}

func decodeLength(data []byte) (Extension, error) {
	lo, hi, inv, err := decodeRange16(data)
	if err != nil {
		return nil, err
	}
	return &Length{Min: lo, Max: hi, Invert: inv}, nil
}

// appendRange16 appends the { __u16 min, max; __u8 invert; } layout that
// xt_length_info and xt_tcpmss_match_info share, with its padding byte.
func appendRange16(b []byte, lo, hi uint16, inv bool) []byte {
	b = binary.NativeEndian.AppendUint16(b, lo)
	b = binary.NativeEndian.AppendUint16(b, hi)
	if inv {
		return append(b, 1, 0)
	}
	return append(b, 0, 0)
}

var errRange16Invert = errors.New("invert byte is neither 0 nor 1")

func decodeRange16(data []byte) (lo, hi uint16, inv bool, err error) {
	if len(data) < 6 {
		return 0, 0, false, ErrTruncated
	}
	if data[4] > 1 {
		return 0, 0, false, errRange16Invert
	}
	return binary.NativeEndian.Uint16(data), binary.NativeEndian.Uint16(data[2:]), data[4] == 1, nil
}

// appendSaveRange16 appends " [!] --NAME LO" or " [!] --NAME LO:HI".
func appendSaveRange16(b []byte, name string, lo, hi uint16, inv bool) []byte {
	if inv {
		b = append(b, " !"...)
	}
	b = append(b, " --"...)
	b = append(b, name...)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(lo), 10)
	if lo != hi {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(hi), 10)
	}
	return b
}

// parseRange16 parses an xtables XTTYPE_UINT16RC argument; see
// parseMintRange.
func parseRange16(ext string, o Opt) (lo, hi uint16, err error) {
	l, h, err := parseMintRange(ext, o, 0xffff)
	return uint16(l), uint16(h), err
}

// parseUint32Range parses an XTTYPE_UINT32RC argument; see
// parseMintRange.
func parseUint32Range(ext string, o Opt) (lo, hi uint32, err error) {
	l, h, err := parseMintRange(ext, o, 0xffffffff)
	return uint32(l), uint32(h), err
}

// parseMintRange parses an xtables XTTYPE_UINT16RC / UINT32RC argument
// ("N", "A:B", "A:", ":B", ":", or "" for 0) as libxtables 1.8.11's
// xtopt_parse_mint does: at most two numbers (strtoul base 0) up to lmax,
// empty ones defaulting to 0 and lmax, and the second not below the
// first; one number is a range of one.
func parseMintRange(ext string, o Opt, lmax uint64) (lo, hi uint64, err error) {
	var vals [2]uint64
	nvals := 0
	min := uint64(0)
	arg := o.Arg
	for {
		if nvals == 2 {
			return 0, 0, OptErr(ext, o, "too many components (max: 2)")
		}
		var v uint64
		rest := arg
		if arg == "" || arg[0] == ':' {
			if nvals == 1 {
				v = lmax
			}
		} else {
			var ok bool
			v, rest, ok = ParseUintPrefix(arg)
			if !ok || v < min || v > lmax {
				return 0, 0, OptErr(ext, o, "bad value near %q, or out of range (%d-%d)", arg, min, lmax)
			}
			if rest != "" && rest[0] != ':' {
				return 0, 0, OptErr(ext, o, "unexpected characters near %q", rest)
			}
			min = v
		}
		vals[nvals] = v
		nvals++
		if rest == "" {
			break
		}
		arg = rest[1:]
	}
	if nvals == 1 {
		vals[1] = vals[0]
	}
	return vals[0], vals[1], nil
}

func buildLength(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "length" {
			lo, hi, err := parseRange16("length", o)
			if err != nil {
				return nil, err
			}
			return &Length{Min: lo, Max: hi, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "length", Option: "length", Msg: "must be specified"}
}

// lengthSpec is the length match (net/netfilter/xt_length.c,
// libxt_length.c).
var lengthSpec = Spec{
	Kind: KindMatch,
	Name: "length",
	Revisions: []Revision{
		{Revision: 0, Size: lengthSize, Decode: decodeLength},
	},
	Options: []Option{
		{Name: "length", Arg: RequiredArg, Invert: true},
	},
	Build: buildLength,
}
