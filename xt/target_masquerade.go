package xt

// Masquerade is the MASQUERADE target (-j MASQUERADE [--to-ports PORTS]):
// source NAT to the outgoing interface's address, valid in the nat table's
// POSTROUTING chain (net/netfilter/xt_MASQUERADE.c). Its kernel struct is
// nf_nat_ipv4_multi_range_compat (/usr/include/linux/netfilter/nf_nat.h)
// with rangesize 1; the kernel refuses NATMapIPs, and BasePort must be 0.
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
func (m *Masquerade) AppendBinary(b []byte) ([]byte, error) { return m.appendCompat(b) }

// AppendSave appends " --to-ports ..." and the flags.
func (m *Masquerade) AppendSave(b []byte) []byte {
	return m.appendSave(b, "--to-ports", true)
}

var masqueradeSpec = Spec{
	Kind:   KindTarget,
	Name:   "MASQUERADE",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: natCompatSize, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATCompat(d)
			if err != nil {
				return nil, err
			}
			return &Masquerade{NATRange: r}, nil
		}},
	},
	Options: []Option{
		{Name: "to-ports", Arg: RequiredArg},
		{Name: "random"},
		{Name: "random-fully"},
	},
	Build: func(ctx *Context, opts []Opt) (Extension, error) {
		r, err := buildNATRange("MASQUERADE", ctx, opts)
		if err != nil {
			return nil, err
		}
		// iptables parses a /BASE but nf_nat_ipv4_multi_range_compat
		// has no room for it: the flag stays, the base is dropped.
		r.BasePort = 0
		return &Masquerade{NATRange: r}, nil
	},
	Tables: []string{"nat"},
	Hooks:  HookPostRouting,
	Check: func(_ *Context, e Extension) error {
		if m, ok := e.(*Masquerade); ok {
			return natNoMapIPs("MASQUERADE", &m.NATRange)
		}
		return nil
	},
}
