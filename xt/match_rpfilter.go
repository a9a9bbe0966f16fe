package xt

import "errors"

// RPFilterFlags are the options of the rpfilter match (XT_RPFILTER_* in
// /usr/include/linux/netfilter/xt_rpfilter.h).
type RPFilterFlags uint8

// rpfilter options.
const (
	RPFilterLoose       RPFilterFlags = 1 << 0 // --loose
	RPFilterValidMark   RPFilterFlags = 1 << 1 // --validmark
	RPFilterAcceptLocal RPFilterFlags = 1 << 2 // --accept-local
	RPFilterInvert      RPFilterFlags = 1 << 3 // --invert
	rpfilterValid       RPFilterFlags = 0x0f   // XT_RPFILTER_OPTION_MASK
)

// rpfilterNames are the option names, by bit.
var rpfilterNames = [...]string{"loose", "validmark", "accept-local", "invert"}

// String returns the option names of the flags: "loose,invert".
func (f RPFilterFlags) String() string { return flagNames(uint32(f), rpfilterNames[:]...) }

// RPFilter is the rpfilter match (-m rpfilter): struct xt_rpfilter_info,
// revision 0 only. It does a reverse path lookup of the source address;
// the kernel allows it only in the raw and mangle tables, in PREROUTING.
// The zero value is the strict test.
type RPFilter struct {
	matchBase
	Flags RPFilterFlags
}

// Name returns "rpfilter".
func (*RPFilter) Name() string { return "rpfilter" }

// Revision returns 0.
func (*RPFilter) Revision() uint8 { return 0 }

// AppendBinary appends the flags byte.
func (m *RPFilter) AppendBinary(b []byte) ([]byte, error) {
	return append(b, byte(m.Flags)), nil
}

// AppendSave appends " --loose --validmark --accept-local --invert", the
// flags set (rpfilter_save).
func (m *RPFilter) AppendSave(b []byte) []byte { return m.appendFlags(b, " --") }

// AppendPrint appends " rpfilter loose validmark accept-local invert"
// (rpfilter_print).
func (m *RPFilter) AppendPrint(b []byte, numeric bool) []byte {
	return m.appendFlags(append(b, " rpfilter"...), " ")
}

func (m *RPFilter) appendFlags(b []byte, prefix string) []byte {
	for i, n := range rpfilterNames {
		if m.Flags&(1<<i) != 0 {
			b = append(b, prefix...)
			b = append(b, n...)
		}
	}
	return b
}

var errRPFilterFlags = errors.New("rpfilter: unknown flags")

func decodeRPFilter(data []byte) (Extension, error) {
	if len(data) < 1 {
		return nil, ErrTruncated
	}
	if RPFilterFlags(data[0])&^rpfilterValid != 0 {
		return nil, errRPFilterFlags
	}
	return &RPFilter{Flags: RPFilterFlags(data[0])}, nil
}

func buildRPFilter(_ *Context, opts []Opt) (Extension, error) {
	m := &RPFilter{}
	for _, o := range opts {
		for i, n := range rpfilterNames {
			if o.Name == n {
				m.Flags |= 1 << i
			}
		}
	}
	return m, nil
}

// checkRPFilter is the flag check of the kernel's rpfilter_check (the
// table and hook checks are the spec's).
func checkRPFilter(_ *Context, e Extension) error {
	if m, ok := e.(*RPFilter); ok && m.Flags&^rpfilterValid != 0 {
		return ExtErr("rpfilter", "unknown options %#x", uint8(m.Flags&^rpfilterValid))
	}
	return nil
}

// rpfilterSpec is the rpfilter match (net/ipv4/netfilter/ipt_rpfilter.c,
// libxt_rpfilter.c).
var rpfilterSpec = Spec{
	Kind: KindMatch,
	Name: "rpfilter",
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeRPFilter},
	},
	Options: []Option{
		{Name: "loose", Arg: NoArg},
		{Name: "validmark", Arg: NoArg},
		{Name: "accept-local", Arg: NoArg},
		{Name: "invert", Arg: NoArg},
	},
	Build:  buildRPFilter,
	Tables: []string{"mangle", "raw"},
	Hooks:  HookPreRouting,
	Check:  checkRPFilter,
}
