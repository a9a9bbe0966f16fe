package xt

// DNAT is the DNAT target (-j DNAT --to-destination ADDR[-ADDR][:PORTS]):
// destination NAT, valid in the nat table's PREROUTING and OUTPUT chains
// (net/netfilter/xt_nat.c). Its kernel struct depends on the revision, all
// from /usr/include/linux/netfilter/nf_nat.h:
//   - 0: struct nf_nat_ipv4_multi_range_compat (IPv4 only, rangesize 1);
//   - 1: struct nf_nat_range;
//   - 2: struct nf_nat_range2, the only one with a base port (/BASE).
//
// Like iptables, the parser builds revision 2, or 0 on kernels without 2;
// revision 1 (written by other tools) is decoded and encoded as read.
//
// The zero value is revision 0 mapping nothing; iptables refuses to build
// it without --to-destination, the kernel accepts it.
type DNAT struct {
	targetBase
	NATRange
	Rev uint8 // kernel revision: 0, 1 or 2
}

// Name returns "DNAT".
func (d *DNAT) Name() string { return "DNAT" }

// Revision returns d.Rev.
func (d *DNAT) Revision() uint8 { return d.Rev }

// AppendBinary appends the range struct of d.Rev.
func (d *DNAT) AppendBinary(b []byte) ([]byte, error) {
	if d.Rev > 2 {
		return b, ExtErr("DNAT", "unknown revision %d", d.Rev)
	}
	return d.appendLayout(b, natLayout(d.Rev))
}

// AppendSave appends " --to-destination ..." and the flags.
func (d *DNAT) AppendSave(b []byte) []byte {
	return d.appendSave(b, "--to-destination", false)
}

// AppendPrint appends " to:ADDR[-ADDR][:PORTS]" and the flags (DNAT_print).
// iptables 1.8.11 has no IPv4 revision 1 and lists it as
// " DNAT [unsupported revision]".
func (d *DNAT) AppendPrint(b []byte, numeric bool) []byte {
	if d.Rev == 1 {
		return append(b, " DNAT [unsupported revision]"...)
	}
	return d.appendNAT(b, "to:", "", false)
}

var dnatSpec = Spec{
	Kind:   KindTarget,
	Name:   "DNAT",
	Family: FamilyIPv4,
	Revisions: []Revision{
		natRevision(0, natCompat, func(r NATRange) Extension { return &DNAT{NATRange: r} }),
		natRevision(1, natRange1, func(r NATRange) Extension { return &DNAT{NATRange: r, Rev: 1} }),
		natRevision(2, natRange2, func(r NATRange) Extension { return &DNAT{NATRange: r, Rev: 2} }),
	},
	Options: []Option{
		{Name: "to-destination", Arg: RequiredArg},
		{Name: "random"},
		{Name: "persistent"},
	},
	Build:  buildDNAT,
	Tables: []string{"nat"},
	Hooks:  HookPreRouting | HookLocalOut,
}

func buildDNAT(ctx *Context, opts []Opt) (Extension, error) {
	// iptables knows no IPv4 DNAT revision 1: on kernels without revision
	// 2 it builds revision 0, which has no room for a base port.
	rev, base := uint8(2), natKeepBase
	if ctx.Revision < 2 {
		rev, base = 0, natRefuseBase
	}
	r, err := buildNAT("DNAT", ctx, opts, "to-destination", base)
	if err != nil {
		return nil, err
	}
	return &DNAT{NATRange: r, Rev: rev}, nil
}
