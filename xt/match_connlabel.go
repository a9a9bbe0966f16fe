package xt

import (
	"encoding/binary"
	"strings"
)

// ConnlabelOptions are the options of the connlabel match (enum
// xt_connlabel_mtopts).
type ConnlabelOptions uint16

// Connlabel options.
const (
	ConnlabelInvert ConnlabelOptions = 1 << 0 // ! --label
	ConnlabelSet    ConnlabelOptions = 1 << 1 // --set

	connlabelAll = ConnlabelInvert | ConnlabelSet
)

// ConnlabelMaxBit is XT_CONNLABEL_MAXBIT, the highest label bit.
const ConnlabelMaxBit = 127

// ConnlabelMapPath is libnetfilter_conntrack's label map, which names
// label bits ("BIT NAME" lines).
const ConnlabelMapPath = "/etc/xtables/connlabel.conf"

// Connlabel is the connlabel match (-m connlabel): struct
// xt_connlabel_mtinfo in /usr/include/linux/netfilter/xt_connlabel.h,
// revision 0 only. It matches connections that carry label Bit, and with
// ConnlabelSet sets it.
//
// Labels are saved and printed by number: nfkit does not read the label
// map to name them, where iptables prints a name the map gives the bit.
type Connlabel struct {
	matchBase
	Bit     uint16
	Options ConnlabelOptions
}

const connlabelSize = 4 // sizeof(struct xt_connlabel_mtinfo)

// Name returns "connlabel".
func (*Connlabel) Name() string { return "connlabel" }

// Revision returns 0.
func (*Connlabel) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_connlabel_mtinfo.
func (m *Connlabel) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint16(b, m.Bit)
	return binary.NativeEndian.AppendUint16(b, uint16(m.Options)), nil
}

// AppendSave appends ` [!] --label "BIT" [--set]` (connlabel_mt_save
// without a label map).
func (m *Connlabel) AppendSave(b []byte) []byte {
	if m.Options&ConnlabelInvert != 0 {
		b = append(b, " !"...)
	}
	b = appendUint(append(b, ` --label "`...), m.Bit)
	b = append(b, '"')
	if m.Options&ConnlabelSet != 0 {
		b = append(b, " --set"...)
	}
	return b
}

// AppendPrint appends " connlabel [!] BIT [set]" (connlabel_mt_print
// without a label map).
func (m *Connlabel) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " connlabel"...)
	if m.Options&ConnlabelInvert != 0 {
		b = append(b, " !"...)
	}
	b = appendUint(append(b, ' '), m.Bit)
	if m.Options&ConnlabelSet != 0 {
		b = append(b, " set"...)
	}
	return b
}

func decodeConnlabel(data []byte) (Extension, error) {
	if len(data) < connlabelSize {
		return nil, ErrTruncated
	}
	return &Connlabel{Bit: binary.NativeEndian.Uint16(data), Options: ConnlabelOptions(binary.NativeEndian.Uint16(data[2:]))}, nil
}

// connlabelBit resolves a --label argument as libxt_connlabel does: by
// name in the label map when the map has labels, else as a number
// (strtoul base 0, cut to an int).
func connlabelBit(arg string) (int32, bool) {
	byName := map[string]int32{}
	readLines(ConnlabelMapPath, func(line string) {
		line = strings.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			return
		}
		v, rest := cStrtoul(line, 0)
		if rest == line {
			return
		}
		if name := strings.TrimSpace(rest); name != "" {
			if _, dup := byName[name]; !dup && v <= ConnlabelMaxBit {
				byName[name] = int32(v)
			}
		}
	})
	if len(byName) > 0 {
		v, ok := byName[arg]
		return v, ok
	}
	v, rest := cStrtoul(arg, 0)
	if arg == "" || rest != "" || int32(v) < 0 {
		return 0, false
	}
	return int32(v), true
}

func buildConnlabel(_ *Context, opts []Opt) (Extension, error) {
	const ext = "connlabel"
	m := &Connlabel{}
	o, ok := findOpt(opts, "label")
	if !ok {
		return nil, &OptionError{Ext: ext, Option: "label", Msg: "must be specified"}
	}
	if o.Arg == "" {
		return nil, OptErr(ext, o, "must have a minimum length of 1 character")
	}
	bit, ok := connlabelBit(o.Arg)
	if !ok {
		return nil, OptErr(ext, o, "label not found or invalid value")
	}
	m.Bit = uint16(bit)
	if o.Invert {
		m.Options |= ConnlabelInvert
	}
	if hasOpt(opts, "set") {
		m.Options |= ConnlabelSet
	}
	return m, nil
}

// checkConnlabel is the kernel's connlabel_mt_check: known options and a
// label bit the conntrack extension can hold (0-127).
func checkConnlabel(_ *Context, e Extension) error {
	m, ok := e.(*Connlabel)
	if !ok {
		return nil
	}
	if m.Options&^connlabelAll != 0 {
		return ExtErr("connlabel", "the kernel refuses options %#x", uint16(m.Options))
	}
	if m.Bit > ConnlabelMaxBit {
		return ExtErr("connlabel", "the kernel refuses label %d (at most %d)", m.Bit, ConnlabelMaxBit)
	}
	return nil
}

// connlabelSpec is the connlabel match (net/netfilter/xt_connlabel.c,
// libxt_connlabel.c).
var connlabelSpec = Spec{
	Kind: KindMatch,
	Name: "connlabel",
	Revisions: []Revision{
		{Revision: 0, Size: connlabelSize, Decode: decodeConnlabel},
	},
	Options: []Option{
		{Name: "label", Arg: RequiredArg, Invert: true},
		{Name: "set", Arg: NoArg},
	},
	Build: buildConnlabel,
	Check: checkConnlabel,
}
