package xt

import (
	"encoding/binary"
	"errors"
)

// Quota is the quota match (-m quota): struct xt_quota_info in
// /usr/include/linux/netfilter/xt_quota.h, revision 0 only. It matches
// until Bytes bytes have passed (inverted: once they have).
//
// The zero value is a quota of 0 bytes, which matches nothing.
type Quota struct {
	matchBase
	Invert bool   // XT_QUOTA_INVERT: ! --quota
	Bytes  uint64 // --quota
}

const quotaSize = 24 // sizeof(struct xt_quota_info)

var errQuota = errors.New("quota: malformed payload")

// Name returns "quota".
func (*Quota) Name() string { return "quota" }

// Revision returns 0.
func (*Quota) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_quota_info, the kernel's master pointer
// zero.
func (m *Quota) AppendBinary(b []byte) ([]byte, error) {
	flags := uint32(0)
	if m.Invert {
		flags = 1
	}
	b = binary.NativeEndian.AppendUint32(b, flags)
	b = binary.NativeEndian.AppendUint32(b, 0)
	b = binary.NativeEndian.AppendUint64(b, m.Bytes)
	return binary.NativeEndian.AppendUint64(b, 0), nil
}

// AppendSave appends " [!] --quota N" (quota_save).
func (m *Quota) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	return appendUint(append(b, " --quota "...), m.Bytes)
}

// AppendPrint appends " quota: N bytes" (quota_print). iptables 1.8.9
// does not show the inversion in listings.
func (m *Quota) AppendPrint(b []byte, numeric bool) []byte {
	b = appendUint(append(b, " quota: "...), m.Bytes)
	return append(b, " bytes"...)
}

func decodeQuota(data []byte) (Extension, error) {
	if len(data) < quotaSize {
		return nil, ErrTruncated
	}
	flags := binary.NativeEndian.Uint32(data)
	if flags > 1 {
		return nil, errQuota
	}
	return &Quota{Invert: flags == 1, Bytes: binary.NativeEndian.Uint64(data[8:])}, nil
}

func buildQuota(_ *Context, opts []Opt) (Extension, error) {
	o, ok := findOpt(opts, "quota")
	if !ok {
		return nil, &OptionError{Ext: "quota", Option: "quota", Msg: "must be specified"}
	}
	v, err := optUint("quota", o, 0, 1<<64-1)
	if err != nil {
		return nil, err
	}
	return &Quota{Invert: o.Invert, Bytes: v}, nil
}

// quotaSpec is the quota match (net/netfilter/xt_quota.c, libxt_quota.c).
var quotaSpec = Spec{
	Kind: KindMatch,
	Name: "quota",
	Revisions: []Revision{
		{Revision: 0, Size: quotaSize, Decode: decodeQuota},
	},
	Options: []Option{
		{Name: "quota", Arg: RequiredArg, Invert: true},
	},
	Build: buildQuota,
}
