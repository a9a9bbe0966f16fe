package xt

import "strconv"

// TTLTargetMode is the operation of the TTL target (IPT_TTL_* in
// linux/netfilter_ipv4/ipt_TTL.h).
type TTLTargetMode uint8

// TTL target modes.
const (
	TTLSet TTLTargetMode = iota // IPT_TTL_SET: --ttl-set
	TTLInc                      // IPT_TTL_INC: --ttl-inc
	TTLDec                      // IPT_TTL_DEC: --ttl-dec
)

// String returns the mode name.
func (m TTLTargetMode) String() string {
	switch m {
	case TTLSet:
		return "set"
	case TTLInc:
		return "inc"
	case TTLDec:
		return "dec"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// SetTTL is the IPv4 TTL target (-j TTL): struct ipt_TTL_info in
// linux/netfilter_ipv4/ipt_TTL.h, revision 0, mangle table only. The
// kernel refuses increments and decrements by 0. The zero value sets the
// TTL to 0.
type SetTTL struct {
	targetBase
	Mode TTLTargetMode
	TTL  uint8
}

// Name returns "TTL".
func (t *SetTTL) Name() string { return "TTL" }

// Revision returns 0.
func (t *SetTTL) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_TTL_info.
func (t *SetTTL) AppendBinary(b []byte) ([]byte, error) { return append(b, byte(t.Mode), t.TTL), nil }

// AppendSave appends " --ttl-set N", " --ttl-inc N" or " --ttl-dec N".
func (t *SetTTL) AppendSave(b []byte) []byte {
	switch t.Mode {
	case TTLSet:
		b = append(b, " --ttl-set"...)
	case TTLInc:
		b = append(b, " --ttl-inc"...)
	case TTLDec:
		b = append(b, " --ttl-dec"...)
	}
	b = append(b, ' ')
	return strconv.AppendUint(b, uint64(t.TTL), 10)
}

// AppendPrint appends " TTL set to N", " TTL decrement by N" or " TTL
// increment by N" (TTL_print; an unknown mode prints no words).
func (t *SetTTL) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " TTL "...)
	switch t.Mode {
	case TTLSet:
		b = append(b, "set to"...)
	case TTLDec:
		b = append(b, "decrement by"...)
	case TTLInc:
		b = append(b, "increment by"...)
	}
	return appendUint(append(b, ' '), t.TTL)
}

func decodeSetTTL(p []byte) (Extension, error) {
	if len(p) < 2 {
		return nil, ErrTruncated
	}
	return &SetTTL{Mode: TTLTargetMode(p[0]), TTL: p[1]}, nil
}

func buildSetTTL(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "TTL"
	if err := exclusive(ext, opts, "ttl-set", "ttl-inc", "ttl-dec"); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, ExtErr(ext, "you must specify an action")
	}
	o := opts[0]
	t := &SetTTL{}
	min := uint64(1)
	switch o.Name {
	case "ttl-set":
		t.Mode, min = TTLSet, 0
	case "ttl-inc":
		t.Mode = TTLInc
	case "ttl-dec":
		t.Mode = TTLDec
	}
	v, err := optUint(ext, o, min, 255)
	if err != nil {
		return nil, err
	}
	t.TTL = uint8(v)
	return t, nil
}

// checkSetTTL is ttl_tg_check: unknown modes, and increments or
// decrements by 0, are refused.
func checkSetTTL(ctx *Context, e Extension) error {
	t, ok := e.(*SetTTL)
	switch {
	case !ok:
	case t.Mode > TTLDec:
		return ExtErr("TTL", "invalid or unknown mode %d", t.Mode)
	case t.Mode != TTLSet && t.TTL == 0:
		return ExtErr("TTL", "increment or decrement by 0 makes no sense")
	}
	return nil
}

var ttlTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "TTL",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeSetTTL},
	},
	Options: []Option{
		{Name: "ttl-set", Arg: RequiredArg},
		{Name: "ttl-dec", Arg: RequiredArg},
		{Name: "ttl-inc", Arg: RequiredArg},
	},
	Build:  buildSetTTL,
	Tables: []string{"mangle"},
	Check:  checkSetTTL,
}
