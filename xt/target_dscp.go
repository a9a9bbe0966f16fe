package xt

// SetDSCP is the DSCP target (-j DSCP): struct xt_DSCP_info in
// linux/netfilter/xt_DSCP.h, revision 0, IPv4 and IPv6, mangle table only.
// It sets the DiffServ code point to Value (0-63). The zero value sets
// DSCP 0.
type SetDSCP struct {
	targetBase
	Value uint8
}

// Name returns "DSCP".
func (d *SetDSCP) Name() string { return "DSCP" }

// Revision returns 0.
func (d *SetDSCP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_DSCP_info.
func (d *SetDSCP) AppendBinary(b []byte) ([]byte, error) { return append(b, d.Value), nil }

// AppendSave appends " --set-dscp 0xNN".
func (d *SetDSCP) AppendSave(b []byte) []byte {
	return appendHex02(append(b, " --set-dscp "...), d.Value)
}

// AppendPrint appends " DSCP set 0xVV" (DSCP_print).
func (d *SetDSCP) AppendPrint(b []byte, numeric bool) []byte {
	return appendHex02(append(b, " DSCP set "...), d.Value)
}

func decodeSetDSCP(p []byte) (Extension, error) {
	if len(p) < 1 {
		return nil, ErrTruncated
	}
	return &SetDSCP{Value: p[0]}, nil
}

func buildSetDSCP(ctx *Context, opts []Opt) (Extension, error) {
	v, _, err := parseDSCPOpts("DSCP", "set-dscp", "set-dscp-class", opts)
	if err != nil {
		return nil, err
	}
	return &SetDSCP{Value: v}, nil
}

var dscpTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "DSCP",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeSetDSCP},
	},
	Options: []Option{
		{Name: "set-dscp", Arg: RequiredArg},
		{Name: "set-dscp-class", Arg: RequiredArg},
	},
	Build:  buildSetDSCP,
	Tables: []string{"mangle"},
	Check:  checkDSCPValue,
}
