package xt

import "strings"

// DSCPMax is the largest DSCP value (XT_DSCP_MAX in linux/netfilter/xt_dscp.h).
const DSCPMax = 0x3f

// DSCP is the dscp match (-m dscp): struct xt_dscp_info in
// linux/netfilter/xt_dscp.h, revision 0, for IPv4 and IPv6. It matches the
// 6-bit DiffServ code point. The zero value matches DSCP 0 (class BE).
type DSCP struct {
	matchBase
	Value  uint8 // dscp, 0-63
	Invert bool
}

// Name returns "dscp".
func (d *DSCP) Name() string { return "dscp" }

// Revision returns 0.
func (d *DSCP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_dscp_info.
func (d *DSCP) AppendBinary(b []byte) ([]byte, error) {
	return append(b, d.Value, boolByte(d.Invert)), nil
}

// AppendSave appends "[ !] --dscp 0xNN".
func (d *DSCP) AppendSave(b []byte) []byte {
	if d.Invert {
		b = append(b, " !"...)
	}
	b = append(b, " --dscp "...)
	return appendHex02(b, d.Value)
}

// AppendPrint appends " DSCP match [!]0xVV" (dscp_print).
func (d *DSCP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " DSCP match "...)
	if d.Invert {
		b = append(b, '!')
	}
	return appendHex02(b, d.Value)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func decodeDSCP(p []byte) (Extension, error) {
	if len(p) < 2 {
		return nil, ErrTruncated
	}
	return &DSCP{Value: p[0], Invert: p[1] != 0}, nil
}

// dsClasses maps DiffServ class names to code points, in the order
// iptables' dscp_helper.c tries them.
var dsClasses = [...]struct {
	name string
	dscp uint8
}{
	{"CS0", 0x00}, {"CS1", 0x08}, {"CS2", 0x10}, {"CS3", 0x18}, {"CS4", 0x20},
	{"CS5", 0x28}, {"CS6", 0x30}, {"CS7", 0x38}, {"BE", 0x00},
	{"AF11", 0x0a}, {"AF12", 0x0c}, {"AF13", 0x0e}, {"AF21", 0x12}, {"AF22", 0x14},
	{"AF23", 0x16}, {"AF31", 0x1a}, {"AF32", 0x1c}, {"AF33", 0x1e}, {"AF41", 0x22},
	{"AF42", 0x24}, {"AF43", 0x26}, {"EF", 0x2e},
}

// DSCPClass returns the code point of a DiffServ class name (BE, EF,
// AFxy, CSx). Like iptables, it compares case-insensitively and accepts
// anything that starts with a class name.
func DSCPClass(name string) (uint8, bool) {
	for _, c := range dsClasses {
		if len(name) >= len(c.name) && strings.EqualFold(name[:len(c.name)], c.name) {
			return c.dscp, true
		}
	}
	return 0, false
}

// parseDSCPOpts handles the value and class options shared by the dscp
// match and the DSCP target.
func parseDSCPOpts(ext, valOpt, classOpt string, opts []Opt) (v uint8, inv bool, err error) {
	if err := exclusive(ext, opts, valOpt, classOpt); err != nil {
		return 0, false, err
	}
	if len(opts) == 0 {
		label := "DSCP match" // libxt_dscp's words
		if ext == "DSCP" {
			label = "DSCP target"
		}
		return 0, false, verbatim(ext, "parameter --"+valOpt+" is required", label+": Parameter --"+valOpt+" is required")
	}
	o := opts[0]
	if o.Name == classOpt {
		c, ok := DSCPClass(o.Arg)
		if !ok {
			return 0, false, OptErr(ext, o, "invalid DSCP value")
		}
		return c, o.Invert, nil
	}
	n, err := optUint(ext, o, 0, DSCPMax)
	return uint8(n), o.Invert, err
}

func buildDSCP(ctx *Context, opts []Opt) (Extension, error) {
	v, inv, err := parseDSCPOpts("dscp", "dscp", "dscp-class", opts)
	if err != nil {
		return nil, err
	}
	return &DSCP{Value: v, Invert: inv}, nil
}

// checkDSCPValue is dscp_mt_check / dscp_tg_check: values above 63 are
// refused.
func checkDSCPValue(ctx *Context, e Extension) error {
	var v uint8
	switch d := e.(type) {
	case *DSCP:
		v = d.Value
	case *SetDSCP:
		v = d.Value
	}
	if v > DSCPMax {
		return ExtErr(e.Name(), "DSCP %#x out of range (0-0x3f)", v)
	}
	return nil
}

var dscpSpec = Spec{
	Kind:   KindMatch,
	Name:   "dscp",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeDSCP},
	},
	Options: []Option{
		{Name: "dscp", Arg: RequiredArg, Invert: true},
		{Name: "dscp-class", Arg: RequiredArg, Invert: true},
	},
	Build: buildDSCP,
	Check: checkDSCPValue,
}
