package xt

import (
	"encoding/binary"
	"errors"
)

// Mark is the mark match (-m mark): struct xt_mark_mtinfo1 in
// /usr/include/linux/netfilter/xt_mark.h, revision 1, the only one the
// kernel has. It matches packets whose nfmark ANDed with Mask is Value.
//
// --mark is mandatory in iptables, and "--mark V" means a mask of
// 0xffffffff: the zero value (mask 0) matches every packet.
type Mark struct {
	matchBase
	Value, Mask uint32
	Invert      bool // ! --mark
}

const markMatchSize = 12 // sizeof(struct xt_mark_mtinfo1)

// Name returns "mark".
func (*Mark) Name() string { return "mark" }

// Revision returns 1.
func (*Mark) Revision() uint8 { return 1 }

// AppendBinary appends struct xt_mark_mtinfo1.
func (m *Mark) AppendBinary(b []byte) ([]byte, error) {
	return appendMarkInfo(b, m.Value, m.Mask, m.Invert), nil
}

// AppendSave appends " [!] --mark 0xV[/0xM]", the mask left out when it is
// 0xffffffff.
func (m *Mark) AppendSave(b []byte) []byte {
	return appendSaveMarkInfo(b, m.Value, m.Mask, m.Invert)
}

// AppendPrint appends " mark match [!] 0xV[/0xM]" (mark_mt_print).
func (m *Mark) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " mark match"...)
	if m.Invert {
		b = append(b, " !"...)
	}
	return appendValMask(b, m.Value, m.Mask)
}

func decodeMarkMatch(data []byte) (Extension, error) {
	v, mask, inv, err := decodeMarkInfo(data)
	if err != nil {
		return nil, err
	}
	return &Mark{Value: v, Mask: mask, Invert: inv}, nil
}

// appendMarkInfo appends the { __u32 mark, mask; __u8 invert; } layout of
// xt_mark_mtinfo1 and xt_connmark_mtinfo1, with its padding.
func appendMarkInfo(b []byte, v, mask uint32, inv bool) []byte {
	b = binary.NativeEndian.AppendUint32(b, v)
	b = binary.NativeEndian.AppendUint32(b, mask)
	if inv {
		return append(b, 1, 0, 0, 0)
	}
	return append(b, 0, 0, 0, 0)
}

var errMarkInvert = errors.New("invert is neither 0 nor 1")

func decodeMarkInfo(data []byte) (v, mask uint32, inv bool, err error) {
	if len(data) < markMatchSize {
		return 0, 0, false, ErrTruncated
	}
	if data[8] > 1 {
		return 0, 0, false, errMarkInvert
	}
	return binary.NativeEndian.Uint32(data), binary.NativeEndian.Uint32(data[4:]), data[8] == 1, nil
}

// appendSaveMarkInfo appends " [!] --mark" and the value as libxtables'
// xtables_print_mark_mask prints it.
func appendSaveMarkInfo(b []byte, v, mask uint32, inv bool) []byte {
	if inv {
		b = append(b, " !"...)
	}
	b = append(b, " --mark "...)
	b = appendHex(b, uint64(v))
	if mask != 0xffffffff {
		b = append(b, '/')
		b = appendHex(b, uint64(mask))
	}
	return b
}

func buildMarkMatch(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "mark" {
			v, mask, err := optValMask("mark", o)
			if err != nil {
				return nil, err
			}
			return &Mark{Value: v, Mask: mask, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "mark", Option: "mark", Msg: "must be specified"}
}

// markSpec is the mark match (net/netfilter/xt_mark.c, libxt_mark.c).
var markSpec = Spec{
	Kind: KindMatch,
	Name: "mark",
	Revisions: []Revision{
		{Revision: 1, Size: markMatchSize, Decode: decodeMarkMatch},
	},
	Options: []Option{
		{Name: "mark", Arg: RequiredArg, Invert: true},
	},
	Build: buildMarkMatch,
}
