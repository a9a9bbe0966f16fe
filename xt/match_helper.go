package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// HelperNameLen is the size of xt_helper_info's name: helper names hold
// at most 29 bytes.
const HelperNameLen = 30

// Helper is the helper match (-m helper): struct xt_helper_info in
// /usr/include/linux/netfilter/xt_helper.h, revision 0 only. It matches
// packets of connections that a conntrack helper (ftp, sip, ...)
// handles; an empty name matches connections with any helper.
type Helper struct {
	matchBase
	Invert bool   // ! --helper
	Helper string // --helper; at most HelperNameLen-1 bytes
}

const helperSize = 36 // sizeof(struct xt_helper_info)

var errHelper = errors.New("helper: malformed payload")

// Name returns "helper".
func (*Helper) Name() string { return "helper" }

// Revision returns 0.
func (*Helper) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_helper_info.
func (m *Helper) AppendBinary(b []byte) ([]byte, error) {
	if len(m.Helper) >= HelperNameLen || strings.IndexByte(m.Helper, 0) >= 0 {
		return b, errHelper
	}
	inv := uint32(0)
	if m.Invert {
		inv = 1
	}
	b = binary.NativeEndian.AppendUint32(b, inv)
	b = appendFixedString(b, m.Helper, HelperNameLen)
	return append(b, 0, 0), nil
}

// AppendSave appends " [!] --helper NAME", the name quoted as
// xtables_save_string does (helper_save).
func (m *Helper) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	return appendQuotedSave(append(b, " --helper"...), m.Helper)
}

// AppendPrint appends ` helper match [! ]"NAME"` (helper_print).
func (m *Helper) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " helper match "...)
	if m.Invert {
		b = append(b, "! "...)
	}
	b = append(append(b, '"'), m.Helper...)
	return append(b, '"')
}

func decodeHelper(data []byte) (Extension, error) {
	if len(data) < helperSize {
		return nil, ErrTruncated
	}
	inv := binary.NativeEndian.Uint32(data)
	name, ok := fixedString(data[4 : 4+HelperNameLen])
	if inv > 1 || !ok {
		return nil, errHelper
	}
	return &Helper{Invert: inv == 1, Helper: name}, nil
}

func buildHelper(_ *Context, opts []Opt) (Extension, error) {
	o, ok := findOpt(opts, "helper")
	if !ok {
		return nil, &OptionError{Ext: "helper", Option: "helper", Msg: "must be specified"}
	}
	return &Helper{Invert: o.Invert, Helper: truncateFixed(o.Arg, HelperNameLen)}, nil
}

// helperSpec is the helper match (net/netfilter/xt_helper.c,
// libxt_helper.c).
var helperSpec = Spec{
	Kind: KindMatch,
	Name: "helper",
	Revisions: []Revision{
		{Revision: 0, Size: helperSize, Decode: decodeHelper},
	},
	Options: []Option{
		{Name: "helper", Arg: RequiredArg, Invert: true},
	},
	Build: buildHelper,
}
