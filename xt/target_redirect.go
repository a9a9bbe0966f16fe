package xt

// Redirect is the REDIRECT target (-j REDIRECT [--to-ports PORTS]):
// destination NAT to the local machine, valid in the nat table's
// PREROUTING and OUTPUT chains (net/netfilter/xt_REDIRECT.c). Its kernel
// struct is nf_nat_ipv4_multi_range_compat
// (/usr/include/linux/netfilter/nf_nat.h) with rangesize 1; the kernel
// refuses NATMapIPs, and BasePort must be 0.
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
func (r *Redirect) AppendBinary(b []byte) ([]byte, error) { return r.appendCompat(b) }

// AppendSave appends " --to-ports ..." and the flags.
func (r *Redirect) AppendSave(b []byte) []byte {
	return r.appendSave(b, "--to-ports", true)
}

var redirectSpec = Spec{
	Kind:   KindTarget,
	Name:   "REDIRECT",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: natCompatSize, Decode: func(d []byte) (Extension, error) {
			r, err := decodeNATCompat(d)
			if err != nil {
				return nil, err
			}
			return &Redirect{NATRange: r}, nil
		}},
	},
	Options: []Option{
		{Name: "to-ports", Arg: RequiredArg},
		{Name: "random"},
	},
	Build: func(ctx *Context, opts []Opt) (Extension, error) {
		r, err := buildNATRange("REDIRECT", ctx, opts)
		if err != nil {
			return nil, err
		}
		if err := natNoOffset("REDIRECT", 0, &r); err != nil {
			return nil, err
		}
		return &Redirect{NATRange: r}, nil
	},
	Tables: []string{"nat"},
	Hooks:  HookPreRouting | HookLocalOut,
	Check: func(_ *Context, e Extension) error {
		if r, ok := e.(*Redirect); ok {
			return natNoMapIPs("REDIRECT", &r.NATRange)
		}
		return nil
	},
}
