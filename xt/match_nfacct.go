package xt

import (
	"errors"
	"strconv"
	"strings"
)

// NfacctNameLen is NFACCT_NAME_MAX: accounting object names hold at most
// 31 bytes.
const NfacctNameLen = 32

// Nfacct is the nfacct match (-m nfacct): struct xt_nfacct_match_info
// (revision 0) or xt_nfacct_match_info_v1 (revision 1, the same fields
// with the kernel pointer aligned to 8) in
// /usr/include/linux/netfilter/xt_nfacct.h. It matches every packet and
// counts it in the named extended accounting object (nfacct(8)), which
// must exist when the rule is added.
//
// iptables 1.8.11 builds revision 1.
type Nfacct struct {
	matchBase
	Rev    uint8  // 0 or 1
	Object string // --nfacct-name; at most NfacctNameLen-1 bytes
}

// Struct sizes: revision 0 ends in a pointer aligned to its own size.
const (
	nfacctSize   = NfacctNameLen + strconv.IntSize/8
	nfacctV1Size = NfacctNameLen + 8
)

var errNfacct = errors.New("nfacct: name too long or holding a NUL byte")

// Name returns "nfacct".
func (*Nfacct) Name() string { return "nfacct" }

// Revision returns Rev.
func (m *Nfacct) Revision() uint8 { return m.Rev }

// AppendBinary appends the revision's struct, the kernel pointer zero.
func (m *Nfacct) AppendBinary(b []byte) ([]byte, error) {
	if len(m.Object) >= NfacctNameLen || strings.IndexByte(m.Object, 0) >= 0 || m.Rev > 1 {
		return b, errNfacct
	}
	b = appendFixedString(b, m.Object, NfacctNameLen)
	size := nfacctSize
	if m.Rev == 1 {
		size = nfacctV1Size
	}
	var zero [8]byte
	return append(b, zero[:size-NfacctNameLen]...), nil
}

// AppendSave appends " --nfacct-name  NAME": iptables prints the space
// before the quoted name twice.
func (m *Nfacct) AppendSave(b []byte) []byte {
	return appendQuotedSave(append(b, " --nfacct-name "...), m.Object)
}

// AppendPrint appends " nfacct-name  NAME" (nfacct_print).
func (m *Nfacct) AppendPrint(b []byte, numeric bool) []byte {
	return appendQuotedSave(append(b, " nfacct-name "...), m.Object)
}

func decodeNfacct(data []byte, rev uint8) (Extension, error) {
	if len(data) < NfacctNameLen {
		return nil, ErrTruncated
	}
	name, ok := fixedString(data[:NfacctNameLen])
	if !ok {
		return nil, errNfacct
	}
	return &Nfacct{Rev: rev, Object: name}, nil
}

func buildNfacct(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "nfacct"
	o, ok := findOpt(opts, "nfacct-name")
	switch {
	case !ok:
		return nil, &OptionError{Ext: ext, Option: "nfacct-name", Msg: "must be specified"}
	case o.Arg == "":
		return nil, OptErr(ext, o, "must have a minimum length of 1 character")
	case strings.IndexByte(o.Arg, '\n') >= 0:
		return nil, OptErr(ext, o, "newlines not allowed")
	}
	return &Nfacct{Rev: ctx.Revision, Object: truncateFixed(o.Arg, NfacctNameLen)}, nil
}

// nfacctSpec is the nfacct match (net/netfilter/xt_nfacct.c,
// libxt_nfacct.c). The kernel refuses a name no accounting object has;
// nfkit cannot check that.
var nfacctSpec = Spec{
	Kind: KindMatch,
	Name: "nfacct",
	Revisions: []Revision{
		{Revision: 0, Size: nfacctSize, Decode: func(d []byte) (Extension, error) { return decodeNfacct(d, 0) }},
		{Revision: 1, Size: nfacctV1Size, Decode: func(d []byte) (Extension, error) { return decodeNfacct(d, 1) }},
	},
	Options: []Option{
		{Name: "nfacct-name", Arg: RequiredArg},
	},
	Build: buildNfacct,
}
