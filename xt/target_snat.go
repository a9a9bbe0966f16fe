package xt

// SNAT is the SNAT target (-j SNAT --to-source ADDR[-ADDR][:PORTS]):
// source NAT, valid in the nat table's POSTROUTING and INPUT chains
// (net/netfilter/xt_nat.c). iptables builds revision 0 for IPv4, struct
// nf_nat_ipv4_multi_range_compat (/usr/include/linux/netfilter/nf_nat.h)
// with rangesize 1, the only revision nfkit models; BasePort must be 0.
//
// The zero value maps nothing; iptables refuses to build it without
// --to-source, the kernel accepts it.
type SNAT struct {
	targetBase
	NATRange
}

// Name returns "SNAT".
func (s *SNAT) Name() string { return "SNAT" }

// Revision returns 0.
func (s *SNAT) Revision() uint8 { return 0 }

// AppendBinary appends struct nf_nat_ipv4_multi_range_compat.
func (s *SNAT) AppendBinary(b []byte) ([]byte, error) { return s.appendCompat(b) }

// AppendSave appends " --to-source ..." and the flags.
func (s *SNAT) AppendSave(b []byte) []byte {
	return s.appendSave(b, "--to-source", false)
}

var snatSpec = Spec{
	Kind:   KindTarget,
	Name:   "SNAT",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: natCompatSize, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATCompat(d)
			if err != nil {
				return nil, err
			}
			return &SNAT{NATRange: r}, nil
		}},
	},
	Options: []Option{
		{Name: "to-source", Arg: RequiredArg},
		{Name: "random"},
		{Name: "random-fully"},
		{Name: "persistent"},
	},
	Build: func(ctx *Context, opts []Opt) (Extension, error) {
		r, err := buildNATRange("SNAT", ctx, opts)
		if err != nil {
			return nil, err
		}
		// iptables parses a /BASE but nf_nat_ipv4_multi_range_compat
		// has no room for it: the flag stays, the base is dropped.
		r.BasePort = 0
		if err := natMandatory("SNAT", "to-source", opts); err != nil {
			return nil, err
		}
		return &SNAT{NATRange: r}, nil
	},
	Tables: []string{"nat"},
	Hooks:  HookPostRouting | HookLocalIn,
}
