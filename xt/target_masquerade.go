package xt

// Masquerade is the MASQUERADE target (-j MASQUERADE [--to-ports PORTS]):
// source NAT to the outgoing interface's address, valid in the nat table's
// POSTROUTING chain (net/netfilter/xt_MASQUERADE.c). Its kernel struct is
// nf_nat_ipv4_multi_range_compat (/usr/include/linux/netfilter/nf_nat.h)
// with rangesize 1; the kernel refuses NATMapIPs, and BasePort must be 0
// (iptables accepts a /BASE but drops the base and keeps the flag).
//
// The zero value is plain -j MASQUERADE.
type Masquerade struct {
	targetBase
	NATRange
}

// Name returns "MASQUERADE".
func (m *Masquerade) Name() string { return "MASQUERADE" }

// Revision returns 0.
func (m *Masquerade) Revision() uint8 { return 0 }

// AppendBinary appends struct nf_nat_ipv4_multi_range_compat.
func (m *Masquerade) AppendBinary(b []byte) ([]byte, error) { return m.appendLayout(b, natCompat) }

// AppendSave appends " --to-ports ..." and the flags.
func (m *Masquerade) AppendSave(b []byte) []byte {
	return m.appendSave(b, "--to-ports", true)
}

// AppendPrint appends " masq ports: PORTS" and the flags
// (MASQUERADE_print).
func (m *Masquerade) AppendPrint(b []byte, numeric bool) []byte {
	return m.appendNAT(b, "masq ports: ", "", true)
}

func newMasquerade(r NATRange) Extension { return &Masquerade{NATRange: r} }

var masqueradeSpec = Spec{
	Kind:      KindTarget,
	Name:      "MASQUERADE",
	Family:    FamilyIPv4,
	Revisions: []Revision{natRevision(0, natCompat, newMasquerade)},
	Options: []Option{
		{Name: "to-ports", Arg: RequiredArg},
		{Name: "random"},
		{Name: "random-fully"},
	},
	Build:  natBuilder("MASQUERADE", "", natDropBase, newMasquerade),
	Tables: []string{"nat"},
	Hooks:  HookPostRouting,
	Check:  natCheckNoMapIPs("MASQUERADE"),
}
