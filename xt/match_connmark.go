package xt

// ConnMark is the connmark match (-m connmark): struct xt_connmark_mtinfo1
// in /usr/include/linux/netfilter/xt_connmark.h, revision 1, the only one
// the kernel has. It matches packets whose connection's ctmark ANDed with
// Mask is Value; the kernel loads connection tracking for it.
//
// --mark is mandatory in iptables, and "--mark V" means a mask of
// 0xffffffff: the zero value (mask 0) matches every packet.
type ConnMark struct {
	matchBase
	Value, Mask uint32
	Invert      bool // ! --mark
}

const connmarkMatchSize = 12 // sizeof(struct xt_connmark_mtinfo1)

// Name returns "connmark".
func (*ConnMark) Name() string { return "connmark" }

// Revision returns 1.
func (*ConnMark) Revision() uint8 { return 1 }

// AppendBinary appends struct xt_connmark_mtinfo1.
func (m *ConnMark) AppendBinary(b []byte) ([]byte, error) {
	return appendMarkInfo(b, m.Value, m.Mask, m.Invert), nil
}

// AppendSave appends " [!] --mark 0xV[/0xM]", the mask left out when it is
// 0xffffffff.
func (m *ConnMark) AppendSave(b []byte) []byte {
	return appendSaveMarkInfo(b, m.Value, m.Mask, m.Invert)
}

// AppendPrint appends " connmark match [!] 0xV[/0xM]" (connmark_mt_print;
// "!" and the value are separated by a space, as iptables prints them).
func (m *ConnMark) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " connmark match "...)
	if m.Invert {
		b = append(b, '!')
	}
	return appendValMask(b, m.Value, m.Mask)
}

func decodeConnMarkMatch(data []byte) (Extension, error) {
	v, mask, inv, err := decodeMarkInfo(data)
	if err != nil {
		return nil, err
	}
	return &ConnMark{Value: v, Mask: mask, Invert: inv}, nil
}

func buildConnMarkMatch(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "mark" {
			v, mask, err := optValMask("connmark", o)
			if err != nil {
				return nil, err
			}
			return &ConnMark{Value: v, Mask: mask, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "connmark", Option: "mark", Msg: "must be specified"}
}

// connmarkSpec is the connmark match (net/netfilter/xt_connmark.c,
// libxt_connmark.c).
var connmarkSpec = Spec{
	Kind: KindMatch,
	Name: "connmark",
	Revisions: []Revision{
		{Revision: 1, Size: connmarkMatchSize, Decode: decodeConnMarkMatch},
	},
	Options: []Option{
		{Name: "mark", Arg: RequiredArg, Invert: true},
	},
	Build: buildConnMarkMatch,
}
