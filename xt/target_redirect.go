package xt

// Redirect is the REDIRECT target (-j REDIRECT [--to-ports PORTS]):
// destination NAT to the local machine, valid in the nat table's
// PREROUTING and OUTPUT chains (net/netfilter/xt_REDIRECT.c). Its kernel
// struct is nf_nat_ipv4_multi_range_compat
// (/usr/include/linux/netfilter/nf_nat.h) with rangesize 1; the kernel
// refuses NATMapIPs, and BasePort must be 0 (iptables refuses a /BASE).
//
// The zero value is plain -j REDIRECT.
type Redirect struct {
	targetBase
	NATRange
}

// Name returns "REDIRECT".
func (r *Redirect) Name() string { return "REDIRECT" }

// Revision returns 0.
func (r *Redirect) Revision() uint8 { return 0 }

// AppendBinary appends struct nf_nat_ipv4_multi_range_compat.
func (r *Redirect) AppendBinary(b []byte) ([]byte, error) { return r.appendLayout(b, natCompat) }

// AppendSave appends " --to-ports ..." and the flags.
func (r *Redirect) AppendSave(b []byte) []byte {
	return r.appendSave(b, "--to-ports", true)
}

// AppendPrint appends " redir ports PORTS" and the flags (REDIRECT_print).
func (r *Redirect) AppendPrint(b []byte, numeric bool) []byte {
	return r.appendNAT(b, "redir ports ", "", true)
}

func newRedirect(r NATRange) Extension { return &Redirect{NATRange: r} }

var redirectSpec = Spec{
	Kind:      KindTarget,
	Name:      "REDIRECT",
	Family:    FamilyIPv4,
	Revisions: []Revision{natRevision(0, natCompat, newRedirect)},
	Options: []Option{
		{Name: "to-ports", Arg: RequiredArg},
		{Name: "random"},
	},
	Build:  natBuilder("REDIRECT", "", natRefuseBase, newRedirect),
	Tables: []string{"nat"},
	Hooks:  HookPreRouting | HookLocalOut,
	Check:  natCheckNoMapIPs("REDIRECT"),
}
