package xt

// NoTrack is -j NOTRACK: packets skip connection tracking. iptables 1.8
// builds it as the CT target (xt_CT.c) revision 2 with flags
// XT_CT_NOTRACK|XT_CT_NOTRACK_ALIAS, which it saves as -j NOTRACK. With
// Legacy set it is instead the kernel's deprecated NOTRACK target
// (revision 0, no payload), which iptables uses only when the kernel has
// no CT target. On kernels with CT revision 0 or 1 only, -j NOTRACK builds
// a [CT] value with CTNoTrack, saved as -j CT --notrack. Valid in the raw
// table only.
//
// The zero value is the CT revision 2 alias.
type NoTrack struct {
	targetBase
	Legacy bool // the NOTRACK target rather than CT
}

// Name returns the kernel name: "CT", or "NOTRACK" with Legacy.
func (n *NoTrack) Name() string {
	if n.Legacy {
		return "NOTRACK"
	}
	return "CT"
}

// Revision returns 2 (CT), or 0 with Legacy.
func (n *NoTrack) Revision() uint8 {
	if n.Legacy {
		return 0
	}
	return 2
}

// SaveName returns "NOTRACK".
func (n *NoTrack) SaveName() string { return "NOTRACK" }

// AppendBinary appends struct xt_ct_target_info_v1 with the NOTRACK flags,
// or nothing with Legacy.
func (n *NoTrack) AppendBinary(b []byte) ([]byte, error) {
	if n.Legacy {
		return b, nil
	}
	return (&CT{Rev: 2, Flags: CTNoTrack | CTNoTrackAlias}).AppendBinary(b)
}

// AppendSave appends nothing: NOTRACK has no options.
func (n *NoTrack) AppendSave(b []byte) []byte { return b }

var notrackSpec = Spec{
	Kind: KindTarget,
	Name: "NOTRACK",
	Revisions: []Revision{{Revision: 0, Size: 0, Decode: func([]byte) (Extension, error) {
		return &NoTrack{Legacy: true}, nil
	}}},
	Build:  buildNoTrack,
	Tables: []string{"raw"},
}

// AppendPrint appends " NOTRACK" for the CT alias (ct_print_v1); the
// NOTRACK target itself has no print function and prints nothing.
func (n *NoTrack) AppendPrint(b []byte, numeric bool) []byte {
	if n.Legacy {
		return b
	}
	return append(b, " NOTRACK"...)
}

// buildNoTrack picks what iptables prefers: the CT alias at the highest CT
// revision the kernel has, else the NOTRACK target itself.
func buildNoTrack(ctx *Context, _ []Opt) (Extension, error) {
	has := func(rev uint8) bool {
		return ctx.Supported == nil || ctx.Supported(KindTarget, "CT", rev)
	}
	switch {
	case has(2):
		return &NoTrack{}, nil
	case has(1):
		return &CT{Rev: 1, Flags: CTNoTrack}, nil
	case has(0):
		return &CT{Flags: CTNoTrack}, nil
	}
	return &NoTrack{Legacy: true}, nil
}
