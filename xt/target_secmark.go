package xt

import (
	"encoding/binary"
	"strings"
)

const (
	secmarkModeSEL = 1   // SECMARK_MODE_SEL: SELinux, the only mode
	secmarkCtxSize = 256 // SECMARK_SECCTX_MAX
	secmarkSize    = 264 // sizeof(struct xt_secmark_target_info{,_v1})
)

// SecMark is the SECMARK target (-j SECMARK): it sets the packet's
// security mark to the SELinux security context Context
// (net/netfilter/xt_SECMARK.c). Its kernel struct per revision, from
// linux/netfilter/xt_SECMARK.h:
//   - 0: struct xt_secmark_target_info (mode, secid, secctx);
//   - 1: struct xt_secmark_target_info_v1 (mode, secctx, secid).
//
// The mode is always SECMARK_MODE_SEL. The kernel accepts the target only
// in the mangle and security tables, and only with a context that the
// running LSM maps to a security id (without SELinux, none). The zero
// value is revision 0 with an empty context, which the kernel refuses.
type SecMark struct {
	targetBase
	Rev uint8 // kernel revision, 0 or 1
	// Context is the security context (secctx), at most 255 bytes.
	Context string
	// SecID is the security id the kernel maps Context to. Revision 0
	// reports it back to userspace; it is zero in rules being added and
	// in revision 1.
	SecID uint32
}

// Name returns "SECMARK".
func (s *SecMark) Name() string { return "SECMARK" }

// Revision returns s.Rev.
func (s *SecMark) Revision() uint8 { return s.Rev }

// AppendBinary appends the xt_secmark_target_info struct of s.Rev.
func (s *SecMark) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case s.Rev > 1:
		return b, ExtErr("SECMARK", "unknown revision %d", s.Rev)
	case len(s.Context) >= secmarkCtxSize || strings.IndexByte(s.Context, 0) >= 0:
		return b, ExtErr("SECMARK", "security context %q does not fit char secctx[%d]", s.Context, secmarkCtxSize)
	}
	if s.Rev == 0 {
		b = append(b, secmarkModeSEL, 0, 0, 0)
		b = binary.NativeEndian.AppendUint32(b, s.SecID)
		return appendFixedString(b, s.Context, secmarkCtxSize), nil
	}
	b = append(b, secmarkModeSEL)
	b = appendFixedString(b, s.Context, secmarkCtxSize)
	b = append(b, 0, 0, 0)
	return binary.NativeEndian.AppendUint32(b, s.SecID), nil
}

// AppendSave appends " --selctx CONTEXT", the context unquoted as
// SECMARK_save prints it.
func (s *SecMark) AppendSave(b []byte) []byte {
	return append(append(b, " --selctx "...), s.Context...)
}

// AppendPrint appends " SECMARK selctx CONTEXT" (SECMARK_print).
func (s *SecMark) AppendPrint(b []byte, numeric bool) []byte {
	return append(append(b, " SECMARK selctx "...), s.Context...)
}

func decodeSecMark(rev uint8) func([]byte) (Extension, error) {
	return func(d []byte) (Extension, error) {
		if len(d) < secmarkSize {
			return nil, ErrTruncated
		}
		if d[0] != secmarkModeSEL {
			return nil, ExtErr("SECMARK", "invalid mode %d", d[0])
		}
		s := &SecMark{Rev: rev}
		var ctx []byte
		if rev == 0 {
			s.SecID = binary.NativeEndian.Uint32(d[4:])
			ctx = d[8 : 8+secmarkCtxSize]
		} else {
			ctx = d[1 : 1+secmarkCtxSize]
			s.SecID = binary.NativeEndian.Uint32(d[260:])
		}
		var ok bool
		if s.Context, ok = fixedString(ctx); !ok {
			return nil, ExtErr("SECMARK", "security context not terminated")
		}
		return s, nil
	}
}

// buildSecMark takes --selctx, which iptables requires and cuts to 255
// bytes.
func buildSecMark(ctx *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		return &SecMark{Rev: ctx.Revision, Context: truncateFixed(o.Arg, secmarkCtxSize)}, nil
	}
	return nil, &OptionError{Ext: "SECMARK", Option: "selctx", Msg: "must be specified"}
}

// checkSecMark refuses an empty context, which no LSM maps to a security
// id (secmark_tg_check fails with ENOENT or EINVAL).
func checkSecMark(_ *Context, e Extension) error {
	if s, ok := e.(*SecMark); ok && s.Context == "" {
		return ExtErr("SECMARK", "the kernel cannot map an empty security context")
	}
	return nil
}

var secmarkSpec = Spec{
	Kind: KindTarget,
	Name: "SECMARK",
	Revisions: []Revision{
		{Revision: 0, Size: secmarkSize, Decode: decodeSecMark(0)},
		{Revision: 1, Size: secmarkSize, Decode: decodeSecMark(1)},
	},
	Options: []Option{
		{Name: "selctx", Arg: RequiredArg},
	},
	Build:  buildSecMark,
	Tables: []string{"mangle", "security"},
	Check:  checkSecMark,
}
