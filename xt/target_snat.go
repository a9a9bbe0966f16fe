package xt

// SNAT is the SNAT target (-j SNAT --to-source ADDR[-ADDR][:PORTS]):
// source NAT, valid in the nat table's POSTROUTING and INPUT chains
// (net/netfilter/xt_nat.c). iptables builds revision 0 for IPv4, struct
// nf_nat_ipv4_multi_range_compat (/usr/include/linux/netfilter/nf_nat.h)
// with rangesize 1, the only revision nfkit models; BasePort must be 0
// (iptables accepts a /BASE but drops the base and keeps the flag).
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
func (s *SNAT) AppendBinary(b []byte) ([]byte, error) { return s.appendLayout(b, natCompat) }

// AppendSave appends " --to-source ..." and the flags.
func (s *SNAT) AppendSave(b []byte) []byte {
	return s.appendSave(b, "--to-source", false)
}

// AppendPrint appends " to:ADDR[-ADDR][:PORTS]" and the flags (SNAT_print).
func (s *SNAT) AppendPrint(b []byte, numeric bool) []byte {
	return s.appendNAT(b, "to:", "", false)
}

func newSNAT(r NATRange) Extension { return &SNAT{NATRange: r} }

var snatSpec = Spec{
	Kind:      KindTarget,
	Name:      "SNAT",
	Family:    FamilyIPv4,
	Revisions: []Revision{natRevision(0, natCompat, newSNAT)},
	Options: []Option{
		{Name: "to-source", Arg: RequiredArg},
		{Name: "random"},
		{Name: "random-fully"},
		{Name: "persistent"},
	},
	Build:  natBuilder("SNAT", "to-source", natDropBase, newSNAT),
	Tables: []string{"nat"},
	Hooks:  HookPostRouting | HookLocalIn,
}
