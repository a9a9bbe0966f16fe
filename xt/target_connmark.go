package xt

import (
	"encoding/binary"
	"strconv"
)

// ConnMarkMode is the operation of the CONNMARK target (XT_CONNMARK_* in
// linux/netfilter/xt_connmark.h).
type ConnMarkMode uint8

// CONNMARK modes.
const (
	ConnMarkSet     ConnMarkMode = iota // XT_CONNMARK_SET: ctmark = (ctmark &^ CtMask) ^ CtMark
	ConnMarkSave                        // XT_CONNMARK_SAVE: copy the packet mark to the ctmark
	ConnMarkRestore                     // XT_CONNMARK_RESTORE: copy the ctmark to the packet mark
)

// String returns the mode name.
func (m ConnMarkMode) String() string {
	switch m {
	case ConnMarkSet:
		return "set"
	case ConnMarkSave:
		return "save"
	case ConnMarkRestore:
		return "restore"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// ShiftDir is the CONNMARK revision 2 shift direction (D_SHIFT_LEFT,
// D_SHIFT_RIGHT in linux/netfilter/xt_connmark.h).
type ShiftDir uint8

// Shift directions.
const (
	ShiftLeft  ShiftDir = 0 // D_SHIFT_LEFT
	ShiftRight ShiftDir = 1 // D_SHIFT_RIGHT
)

// String returns "left" or "right".
func (d ShiftDir) String() string {
	if d == ShiftRight {
		return "right"
	}
	return "left"
}

// SetConnMark is the CONNMARK target (-j CONNMARK): struct
// xt_connmark_tginfo1 (revision 1) or xt_connmark_tginfo2 (revision 2,
// which adds a shift of the copied mark) in linux/netfilter/xt_connmark.h.
// The kernel no longer has revision 0.
//
// The zero value is a revision-2 "set" with all-zero masks, which leaves
// the connection mark alone. Note that iptables' default masks are all
// ones (0xffffffff), not zero.
type SetConnMark struct {
	targetBase
	Rev            uint8 // 1 or 2; 0 means 2
	Mode           ConnMarkMode
	CtMark, CtMask uint32
	NfMask         uint32
	ShiftDir       ShiftDir // revision 2
	ShiftBits      uint8    // revision 2
}

// Name returns "CONNMARK".
func (c *SetConnMark) Name() string { return "CONNMARK" }

// Revision returns 1 or 2.
func (c *SetConnMark) Revision() uint8 {
	if c.Rev == 0 {
		return 2
	}
	return c.Rev
}

// AppendBinary appends struct xt_connmark_tginfo1 or 2, with tail padding.
func (c *SetConnMark) AppendBinary(b []byte) ([]byte, error) {
	ne := binary.NativeEndian
	switch c.Revision() {
	case 1:
		if c.ShiftBits != 0 || c.ShiftDir != 0 {
			return b, ExtErr("CONNMARK", "revision 1 cannot shift the mark")
		}
		b = ne.AppendUint32(b, c.CtMark)
		b = ne.AppendUint32(b, c.CtMask)
		b = ne.AppendUint32(b, c.NfMask)
		return append(b, byte(c.Mode), 0, 0, 0), nil
	case 2:
		b = ne.AppendUint32(b, c.CtMark)
		b = ne.AppendUint32(b, c.CtMask)
		b = ne.AppendUint32(b, c.NfMask)
		return append(b, byte(c.ShiftDir), c.ShiftBits, byte(c.Mode), 0), nil
	}
	return b, ExtErr("CONNMARK", "unknown revision %d", c.Rev)
}

// AppendSave appends the options as iptables-save prints them.
func (c *SetConnMark) AppendSave(b []byte) []byte {
	switch c.Mode {
	case ConnMarkSet:
		b = append(b, " --set-xmark "...)
		b = appendHex(b, uint64(c.CtMark))
		b = append(b, '/')
		b = appendHex(b, uint64(c.CtMask))
	case ConnMarkSave, ConnMarkRestore:
		if c.Mode == ConnMarkSave {
			b = append(b, " --save-mark --nfmask "...)
		} else {
			b = append(b, " --restore-mark --nfmask "...)
		}
		b = appendHex(b, uint64(c.NfMask))
		b = append(b, " --ctmask "...)
		b = appendHex(b, uint64(c.CtMask))
	default:
		b = append(b, " ERROR: UNKNOWN CONNMARK MODE"...)
	}
	return c.appendShift(b, "--")
}

// appendShift appends the shift of revision 2, its option named after
// pfx: " --right-shift-mark 8" for saving, " right-shift-mark 8" for -L.
func (c *SetConnMark) appendShift(b []byte, pfx string) []byte {
	if c.Revision() != 2 || c.Mode > ConnMarkRestore || c.ShiftBits == 0 {
		return b
	}
	b = append(b, ' ')
	b = append(b, pfx...)
	if c.ShiftDir == ShiftRight {
		b = append(b, "right-shift-mark "...)
	} else {
		b = append(b, "left-shift-mark "...)
	}
	return strconv.AppendUint(b, uint64(c.ShiftBits), 10)
}

// AppendPrint appends the target as iptables 1.8.11's connmark_tg_print
// (revision 1) and connmark_tg_print_v2 list it: " CONNMARK set 0x..",
// " CONNMARK save", " CONNMARK restore mask 0x..", and so on, then the
// shift (" right-shift-mark 8") for revision 2.
func (c *SetConnMark) AppendPrint(b []byte, numeric bool) []byte {
	const all = 0xffffffff
	switch c.Mode {
	case ConnMarkSet:
		b = appendXMark(b, " CONNMARK ", c.CtMark, c.CtMask)
	case ConnMarkSave, ConnMarkRestore:
		// save prints nfmask first, restore ctmask first.
		name, first, second, n1, n2 := " CONNMARK save", c.NfMask, c.CtMask, " nfmask ", " ctmask ~"
		if c.Mode == ConnMarkRestore {
			name, first, second, n1, n2 = " CONNMARK restore", c.CtMask, c.NfMask, " ctmask ", " nfmask ~"
		}
		b = append(b, name...)
		switch {
		case first == all && second == all:
		case first == second:
			b = appendHex(append(b, " mask "...), uint64(first))
		default:
			b = appendHex(append(b, n1...), uint64(first))
			b = appendHex(append(b, n2...), uint64(second))
		}
	default:
		b = append(b, " ERROR: UNKNOWN CONNMARK MODE"...)
	}
	return c.appendShift(b, "")
}

func decodeConnMarkTarget(rev uint8) func([]byte) (Extension, error) {
	return func(d []byte) (Extension, error) {
		if len(d) < 16 {
			return nil, ErrTruncated
		}
		ne := binary.NativeEndian
		c := &SetConnMark{Rev: rev, CtMark: ne.Uint32(d), CtMask: ne.Uint32(d[4:]), NfMask: ne.Uint32(d[8:])}
		if rev == 1 {
			c.Mode = ConnMarkMode(d[12])
		} else {
			c.ShiftDir, c.ShiftBits, c.Mode = ShiftDir(d[12]), d[13], ConnMarkMode(d[14])
		}
		if c.Mode > ConnMarkRestore || c.ShiftDir > ShiftRight {
			return nil, ExtErr("CONNMARK", "unknown mode %d or shift direction %d", c.Mode, c.ShiftDir)
		}
		return c, nil
	}
}

func buildConnMarkTarget(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "CONNMARK"
	if err := exclusive(ext, opts, "set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark", "save-mark", "restore-mark"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "mask", "ctmask"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "mask", "nfmask"); err != nil {
		return nil, err
	}
	c := &SetConnMark{Rev: ctx.Revision, CtMask: 0xffffffff, NfMask: 0xffffffff}
	op := false
	for _, o := range opts {
		switch o.Name {
		case "set-xmark", "set-mark":
			val, mask, err := optValMask(ext, o)
			if err != nil {
				return nil, err
			}
			if o.Name == "set-mark" {
				mask |= val
			}
			c.Mode, c.CtMark, c.CtMask, op = ConnMarkSet, val, mask, true
		case "and-mark", "or-mark", "xor-mark", "ctmask", "nfmask", "mask":
			v, err := optUint(ext, o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			x := uint32(v)
			switch o.Name {
			case "and-mark":
				c.Mode, c.CtMark, c.CtMask, op = ConnMarkSet, 0, ^x, true
			case "or-mark":
				c.Mode, c.CtMark, c.CtMask, op = ConnMarkSet, x, x, true
			case "xor-mark":
				c.Mode, c.CtMark, c.CtMask, op = ConnMarkSet, x, 0, true
			case "ctmask":
				c.CtMask = x
			case "nfmask":
				c.NfMask = x
			case "mask":
				c.CtMask, c.NfMask = x, x
			}
		case "save-mark":
			c.Mode, op = ConnMarkSave, true
		case "restore-mark":
			c.Mode, op = ConnMarkRestore, true
		case "left-shift-mark", "right-shift-mark":
			if c.Revision() < 2 {
				return nil, OptErr(ext, o, "unknown option (revision %d has no shift)", c.Revision())
			}
			v, err := optUint(ext, o, 0, 32)
			if err != nil {
				return nil, err
			}
			c.ShiftDir, c.ShiftBits = ShiftLeft, uint8(v)
			if o.Name == "right-shift-mark" {
				c.ShiftDir = ShiftRight
			}
		}
	}
	if !op {
		return nil, verbatim(ext, "no operation specified", "CONNMARK target: No operation specified")
	}
	return c, nil
}

var connmarkTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "CONNMARK",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 1, Size: 16, Decode: decodeConnMarkTarget(1)},
		{Revision: 2, Size: 16, Decode: decodeConnMarkTarget(2)},
	},
	Options: []Option{
		{Name: "set-xmark", Arg: RequiredArg},
		{Name: "set-mark", Arg: RequiredArg},
		{Name: "and-mark", Arg: RequiredArg},
		{Name: "or-mark", Arg: RequiredArg},
		{Name: "xor-mark", Arg: RequiredArg},
		{Name: "save-mark", Arg: NoArg},
		{Name: "restore-mark", Arg: NoArg},
		{Name: "left-shift-mark", Arg: RequiredArg},
		{Name: "right-shift-mark", Arg: RequiredArg},
		{Name: "ctmask", Arg: RequiredArg},
		{Name: "nfmask", Arg: RequiredArg},
		{Name: "mask", Arg: RequiredArg},
	},
	Build: buildConnMarkTarget,
}
