package xt

import "strconv"

// TTLMode is the comparison of the ttl match (IPT_TTL_* in
// linux/netfilter_ipv4/ipt_ttl.h).
type TTLMode uint8

// TTL match modes.
const (
	TTLEq TTLMode = iota // IPT_TTL_EQ: --ttl-eq
	TTLNe                // IPT_TTL_NE: ! --ttl-eq
	TTLLt                // IPT_TTL_LT: --ttl-lt
	TTLGt                // IPT_TTL_GT: --ttl-gt
)

// String returns the comparison operator.
func (m TTLMode) String() string {
	switch m {
	case TTLEq:
		return "=="
	case TTLNe:
		return "!="
	case TTLLt:
		return "<"
	case TTLGt:
		return ">"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// TTL is the IPv4 ttl match (-m ttl): struct ipt_ttl_info in
// linux/netfilter_ipv4/ipt_ttl.h, revision 0. The zero value matches
// packets whose TTL is 0.
type TTL struct {
	matchBase
	Mode TTLMode
	TTL  uint8
}

// Name returns "ttl".
func (t *TTL) Name() string { return "ttl" }

// Revision returns 0.
func (t *TTL) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_ttl_info.
func (t *TTL) AppendBinary(b []byte) ([]byte, error) { return append(b, byte(t.Mode), t.TTL), nil }

// AppendSave appends the option for the mode and the TTL.
func (t *TTL) AppendSave(b []byte) []byte {
	switch t.Mode {
	case TTLEq:
		b = append(b, " --ttl-eq"...)
	case TTLNe:
		b = append(b, " ! --ttl-eq"...)
	case TTLLt:
		b = append(b, " --ttl-lt"...)
	case TTLGt:
		b = append(b, " --ttl-gt"...)
	}
	b = append(b, ' ')
	return strconv.AppendUint(b, uint64(t.TTL), 10)
}

// AppendPrint appends " TTL match TTL OP N" (ttl_print; an unknown mode
// prints no operator).
func (t *TTL) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " TTL match "...)
	switch t.Mode {
	case TTLEq:
		b = append(b, "TTL =="...)
	case TTLNe:
		b = append(b, "TTL !="...)
	case TTLLt:
		b = append(b, "TTL <"...)
	case TTLGt:
		b = append(b, "TTL >"...)
	}
	return appendUint(append(b, ' '), t.TTL)
}

func decodeTTL(p []byte) (Extension, error) {
	if len(p) < 2 {
		return nil, ErrTruncated
	}
	return &TTL{Mode: TTLMode(p[0]), TTL: p[1]}, nil
}

func buildTTL(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "ttl"
	// --ttl is an old spelling of --ttl-eq with the same option id.
	if err := exclusive(ext, opts, "ttl-eq", "ttl-lt", "ttl-gt", "ttl"); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		// libipt_ttl's message lacks its last quote.
		return nil, verbatim(ext, "you must specify one of --ttl-eq, --ttl-lt, --ttl-gt", "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt")
	}
	o := opts[0]
	v, err := optUint(ext, o, 0, 255)
	if err != nil {
		return nil, err
	}
	t := &TTL{TTL: uint8(v)}
	switch o.Name {
	case "ttl-eq", "ttl":
		if o.Invert {
			t.Mode = TTLNe
		}
	case "ttl-lt":
		t.Mode = TTLLt
	case "ttl-gt":
		t.Mode = TTLGt
	}
	return t, nil
}

// checkTTL is ttl_mt_check: unknown modes are refused.
func checkTTL(ctx *Context, e Extension) error {
	if t, ok := e.(*TTL); ok && t.Mode > TTLGt {
		return ExtErr("ttl", "unknown TTL match mode %d", t.Mode)
	}
	return nil
}

var ttlSpec = Spec{
	Kind:   KindMatch,
	Name:   "ttl",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeTTL},
	},
	Options: []Option{
		{Name: "ttl-eq", Arg: RequiredArg, Invert: true},
		{Name: "ttl-lt", Arg: RequiredArg},
		{Name: "ttl-gt", Arg: RequiredArg},
		{Name: "ttl", Arg: RequiredArg},
	},
	Build: buildTTL,
	Check: checkTTL,
}
