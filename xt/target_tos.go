package xt

// SetTOS is the TOS target (-j TOS), mangle table only. Revision 1
// (struct xt_tos_target_info in linux/netfilter/xt_DSCP.h, IPv4 and IPv6)
// sets tos = (tos &^ Mask) ^ Value, which also covers the old FTOS target
// and --and-tos, --or-tos and --xor-tos. Revision 0 (struct
// ipt_tos_target_info {tos} from iptables' libxt_TOS.c, IPv4 only, gone
// from today's kernels) sets the whole byte; Mask must be 0xff there.
//
// The zero value is a revision-1 target that leaves the TOS alone.
type SetTOS struct {
	targetBase
	Legacy      bool // revision 0 instead of 1
	Value, Mask uint8
}

// Name returns "TOS".
func (t *SetTOS) Name() string { return "TOS" }

// Revision returns 0 or 1.
func (t *SetTOS) Revision() uint8 {
	if t.Legacy {
		return 0
	}
	return 1
}

// AppendBinary appends struct xt_tos_target_info or ipt_tos_target_info.
func (t *SetTOS) AppendBinary(b []byte) ([]byte, error) {
	if t.Legacy {
		if t.Mask != 0xff {
			return b, ExtErr("TOS", "revision 0 has no mask")
		}
		return append(b, t.Value), nil
	}
	return append(b, t.Value, t.Mask), nil
}

// AppendSave appends " --set-tos 0xVV/0xMM" (revision 0: " --set-tos 0xVV").
func (t *SetTOS) AppendSave(b []byte) []byte {
	b = appendHex02(append(b, " --set-tos "...), t.Value)
	if !t.Legacy {
		b = appendHex02(append(b, '/'), t.Mask)
	}
	return b
}

// AppendPrint appends the target as iptables 1.8.11's tos_tg_print lists
// it: " TOS set 0xVV/0xMM" when numeric; else "  TOS setNAME" for a
// named value under the mask 0x3f (sic), or " TOS and|or|xor 0xVV" where the value
// and mask make one of those, or " TOS set 0xVV/0xMM". Revision 0
// (tos_tg_print_v0) prints " TOS set 0xVV".
func (t *SetTOS) AppendPrint(b []byte, numeric bool) []byte {
	if t.Legacy {
		// tos_try_print_symbolic finds no name under the mask 0xff that
		// tos_tg_print_v0 gives it.
		return appendHex02(append(b, " TOS set "...), t.Value)
	}
	if !numeric {
		if name, ok := tosSymbol(t.Value, t.Mask); ok {
			// iptables prints the prefix " TOS set" after a space and
			// the name right after it: "  TOS setMinimize-Delay".
			return append(append(b, "  TOS set"...), name...)
		}
		switch {
		case t.Value == 0:
			return appendHex02(append(b, " TOS and "...), ^t.Mask)
		case t.Value == t.Mask:
			return appendHex02(append(b, " TOS or "...), t.Value)
		case t.Mask == 0:
			return appendHex02(append(b, " TOS xor "...), t.Value)
		}
	}
	b = appendHex02(append(b, " TOS set "...), t.Value)
	return appendHex02(append(b, '/'), t.Mask)
}

func decodeSetTOS(rev uint8) func([]byte) (Extension, error) {
	return func(p []byte) (Extension, error) {
		if rev == 0 {
			if len(p) < 1 {
				return nil, ErrTruncated
			}
			return &SetTOS{Legacy: true, Value: p[0], Mask: 0xff}, nil
		}
		if len(p) < 2 {
			return nil, ErrTruncated
		}
		return &SetTOS{Value: p[0], Mask: p[1]}, nil
	}
}

func buildSetTOS(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "TOS"
	if err := exclusive(ext, opts, "set-tos", "and-tos", "or-tos", "xor-tos"); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, verbatim(ext, "an action is required", "TOS: An action is required")
	}
	o := opts[0]
	if ctx.Revision == 0 {
		if o.Name != "set-tos" {
			return nil, OptErr(ext, o, "unknown option (revision 0 has only --set-tos)")
		}
		v, m, err := parseTOSValueMask(ext, o, 0xff)
		if err != nil {
			return nil, err
		}
		if m != 0xff {
			return nil, OptErr(ext, o, "your kernel is too old to support anything besides /0xFF as a mask")
		}
		return &SetTOS{Legacy: true, Value: v, Mask: m}, nil
	}
	if o.Name == "set-tos" {
		v, m, err := parseTOSValueMask(ext, o, 0x3f)
		if err != nil {
			return nil, err
		}
		return &SetTOS{Value: v, Mask: m}, nil
	}
	n, err := optUint(ext, o, 0, 0xff)
	if err != nil {
		return nil, err
	}
	v := uint8(n)
	switch o.Name {
	case "and-tos":
		return &SetTOS{Mask: ^v}, nil
	case "or-tos":
		return &SetTOS{Value: v, Mask: v}, nil
	}
	return &SetTOS{Value: v}, nil // xor-tos
}

var tosTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "TOS",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeSetTOS(0)},
		{Revision: 1, Size: 2, Decode: decodeSetTOS(1)},
	},
	Options: []Option{
		{Name: "set-tos", Arg: RequiredArg},
		{Name: "and-tos", Arg: RequiredArg},
		{Name: "or-tos", Arg: RequiredArg},
		{Name: "xor-tos", Arg: RequiredArg},
	},
	Build:  buildSetTOS,
	Tables: []string{"mangle"},
	Check:  checkLegacyIPv4,
}
