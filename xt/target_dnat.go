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
	switch d.Rev {
	case 0:
		return d.appendCompat(b)
	case 1, 2:
		return d.appendRange(b, d.Rev == 2)
	}
	return b, ExtErr("DNAT", "unknown revision %d", d.Rev)
}

// AppendSave appends " --to-destination ..." and the flags.
func (d *DNAT) AppendSave(b []byte) []byte {
	return d.appendSave(b, "--to-destination", false)
}

var dnatSpec = Spec{
	Kind:   KindTarget,
	Name:   "DNAT",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: natCompatSize, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATCompat(d)
			if err != nil {
				return nil, err
			}
			return &DNAT{NATRange: r}, nil
		}},
		{Revision: 1, Size: natRangeSize, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATRange(d, false)
			if err != nil {
				return nil, err
			}
			return &DNAT{NATRange: r, Rev: 1}, nil
		}},
		{Revision: 2, Size: natRange2Size, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATRange(d, true)
			if err != nil {
				return nil, err
			}
			return &DNAT{NATRange: r, Rev: 2}, nil
		}},
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
	r, err := buildNATRange("DNAT", ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := natMandatory("DNAT", "to-destination", opts); err != nil {
		return nil, err
	}
	rev := ctx.Revision
	if rev == 1 {
		// iptables knows no IPv4 DNAT revision 1: on kernels without
		// revision 2 it builds revision 0.
		rev = 0
	}
	if rev == 0 {
		if err := natNoOffset("DNAT", rev, &r); err != nil {
			return nil, err
		}
	}
	return &DNAT{NATRange: r, Rev: rev}, nil
}
