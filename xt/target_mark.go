package xt

import (
	"encoding/binary"
	"strconv"
)

// SetMark is the MARK target (-j MARK) at revision 2: struct
// xt_mark_tginfo2 in linux/netfilter/xt_mark.h. The kernel clears the
// bits in Mask and then XORs Mark into the packet mark:
// nfmark = (nfmark &^ Mask) ^ Mark. The zero value leaves the mark alone.
//
// iptables' --set-mark, --and-mark, --or-mark and --xor-mark are all
// expressed this way and saved as --set-xmark MARK/MASK.
type SetMark struct {
	targetBase
	Mark, Mask uint32
}

// Name returns "MARK".
func (m *SetMark) Name() string { return "MARK" }

// Revision returns 2.
func (m *SetMark) Revision() uint8 { return 2 }

// AppendBinary appends struct xt_mark_tginfo2.
func (m *SetMark) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint32(b, m.Mark)
	return binary.NativeEndian.AppendUint32(b, m.Mask), nil
}

// AppendSave appends " --set-xmark 0xMARK/0xMASK".
func (m *SetMark) AppendSave(b []byte) []byte {
	b = append(b, " --set-xmark "...)
	b = appendHex(b, uint64(m.Mark))
	b = append(b, '/')
	return appendHex(b, uint64(m.Mask))
}

// AppendPrint appends the target as iptables 1.8.11's mark_tg_print lists
// it: " MARK and 0x..", " MARK or 0x..", " MARK xor 0x..", " MARK set
// 0x.." or " MARK xset 0xV/0xM", whichever the value and mask make.
func (m *SetMark) AppendPrint(b []byte, numeric bool) []byte {
	return appendXMark(b, " MARK ", m.Mark, m.Mask)
}

// MarkMode is the operation of the MARK target's revision 1 (XT_MARK_SET,
// XT_MARK_AND, XT_MARK_OR in iptables' libxt_MARK.c).
type MarkMode uint8

// MARK revision 1 modes.
const (
	MarkModeSet MarkMode = iota // XT_MARK_SET
	MarkModeAnd                 // XT_MARK_AND
	MarkModeOr                  // XT_MARK_OR
)

// String returns the mode name.
func (m MarkMode) String() string {
	switch m {
	case MarkModeSet:
		return "set"
	case MarkModeAnd:
		return "and"
	case MarkModeOr:
		return "or"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// SetMarkOld is the MARK target's revisions 0 and 1, which today's kernels
// no longer have: struct xt_mark_target_info {unsigned long mark} and
// struct xt_mark_target_info_v1 {unsigned long mark; __u8 mode} from
// iptables' libxt_MARK.c. unsigned long is the platform's C long (8 bytes
// on 64-bit Linux). Revision 0 always sets the mark; Mode is for revision 1.
type SetMarkOld struct {
	targetBase
	Rev  uint8 // 0 or 1
	Mode MarkMode
	Mark uint64
}

// Name returns "MARK".
func (m *SetMarkOld) Name() string { return "MARK" }

// Revision returns 0 or 1.
func (m *SetMarkOld) Revision() uint8 { return m.Rev }

// longSize is sizeof(unsigned long) in the kernel ABI of this platform.
const longSize = strconv.IntSize / 8

func appendLong(b []byte, v uint64) []byte {
	if longSize == 4 {
		return binary.NativeEndian.AppendUint32(b, uint32(v))
	}
	return binary.NativeEndian.AppendUint64(b, v)
}

func readLong(d []byte) uint64 {
	if longSize == 4 {
		return uint64(binary.NativeEndian.Uint32(d))
	}
	return binary.NativeEndian.Uint64(d)
}

// AppendBinary appends struct xt_mark_target_info (revision 0) or
// xt_mark_target_info_v1 (revision 1), with its tail padding.
func (m *SetMarkOld) AppendBinary(b []byte) ([]byte, error) {
	if longSize == 4 && m.Mark > 0xffffffff {
		return b, ExtErr("MARK", "mark %#x does not fit an unsigned long", m.Mark)
	}
	switch m.Rev {
	case 0:
		return appendLong(b, m.Mark), nil
	case 1:
		b = appendLong(b, m.Mark)
		b = append(b, byte(m.Mode))
		return append(b, make([]byte, longSize-1)...), nil
	}
	return b, ExtErr("MARK", "unknown revision %d", m.Rev)
}

// AppendSave appends the option iptables-save prints for the revision.
func (m *SetMarkOld) AppendSave(b []byte) []byte {
	if m.Rev == 1 {
		switch m.Mode {
		case MarkModeSet:
			b = append(b, " --set-mark"...)
		case MarkModeAnd:
			b = append(b, " --and-mark"...)
		case MarkModeOr:
			b = append(b, " --or-mark"...)
		}
	} else {
		b = append(b, " --set-mark"...)
	}
	b = append(b, ' ')
	return appendHex(b, m.Mark)
}

// AppendPrint appends " MARK set 0x.." (MARK_print_v0) or, for revision
// 1, " MARK set|and|or 0x.." (MARK_print_v1; an unknown mode prints only
// " 0x..").
func (m *SetMarkOld) AppendPrint(b []byte, numeric bool) []byte {
	switch {
	case m.Rev != 1 || m.Mode == MarkModeSet:
		b = append(b, " MARK set"...)
	case m.Mode == MarkModeAnd:
		b = append(b, " MARK and"...)
	case m.Mode == MarkModeOr:
		b = append(b, " MARK or"...)
	}
	return appendHex(append(b, ' '), m.Mark)
}

func decodeMark(rev uint8) func([]byte) (Extension, error) {
	return func(d []byte) (Extension, error) {
		switch rev {
		case 0:
			if len(d) < longSize {
				return nil, ErrTruncated
			}
			return &SetMarkOld{Rev: 0, Mark: readLong(d)}, nil
		case 1:
			if len(d) < 2*longSize {
				return nil, ErrTruncated
			}
			return &SetMarkOld{Rev: 1, Mark: readLong(d), Mode: MarkMode(d[longSize])}, nil
		}
		if len(d) < 8 {
			return nil, ErrTruncated
		}
		ne := binary.NativeEndian
		return &SetMark{Mark: ne.Uint32(d), Mask: ne.Uint32(d[4:])}, nil
	}
}

var markTargetOps = []string{"set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark"}

func buildMarkTarget(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "MARK"
	if err := exclusive(ext, opts, markTargetOps...); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, verbatim(ext, "one of the --set-xmark, --{and,or,xor,set}-mark options is required", "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required")
	}
	o := opts[0]
	if ctx.Revision < 2 {
		if o.Name == "set-xmark" || o.Name == "xor-mark" || (ctx.Revision == 0 && o.Name != "set-mark") {
			return nil, OptErr(ext, o, "kernel too old for --%s", o.Name)
		}
		v, err := optUint(ext, o, 0, 0xffffffff)
		if err != nil {
			return nil, err
		}
		m := &SetMarkOld{Rev: ctx.Revision, Mark: v}
		if ctx.Revision == 1 {
			m.Mode = map[string]MarkMode{"set-mark": MarkModeSet, "and-mark": MarkModeAnd, "or-mark": MarkModeOr}[o.Name]
		}
		return m, nil
	}
	switch o.Name {
	case "set-xmark", "set-mark":
		val, mask, err := optValMask(ext, o)
		if err != nil {
			return nil, err
		}
		if o.Name == "set-mark" {
			mask |= val
		}
		return &SetMark{Mark: val, Mask: mask}, nil
	}
	v, err := optUint(ext, o, 0, 0xffffffff)
	if err != nil {
		return nil, err
	}
	switch o.Name {
	case "and-mark":
		return &SetMark{Mask: ^uint32(v)}, nil
	case "or-mark":
		return &SetMark{Mark: uint32(v), Mask: uint32(v)}, nil
	}
	return &SetMark{Mark: uint32(v)}, nil // xor-mark
}

func checkMarkTarget(ctx *Context, e Extension) error {
	if m, ok := e.(*SetMarkOld); ok && m.Rev == 1 && ctx.Family != FamilyIPv4 {
		return ExtErr("MARK", "revision 1 is IPv4-only")
	}
	return nil
}

var markTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "MARK",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: longSize, Decode: decodeMark(0)},
		{Revision: 1, Size: 2 * longSize, Decode: decodeMark(1)},
		{Revision: 2, Size: 8, Decode: decodeMark(2)},
	},
	Options: []Option{
		{Name: "set-xmark", Arg: RequiredArg},
		{Name: "set-mark", Arg: RequiredArg},
		{Name: "and-mark", Arg: RequiredArg},
		{Name: "or-mark", Arg: RequiredArg},
		{Name: "xor-mark", Arg: RequiredArg},
	},
	Build: buildMarkTarget,
	Check: checkMarkTarget,
}
