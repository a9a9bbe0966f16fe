package xt

import "strconv"

// ECNOp is the operation bit set of the ECN target (IPT_ECN_OP_* in
// linux/netfilter_ipv4/ipt_ECN.h).
type ECNOp uint8

// ECN target operations.
const (
	ECNSetIP  ECNOp = 0x01 // IPT_ECN_OP_SET_IP: set the IP header's ECT codepoint
	ECNSetECE ECNOp = 0x10 // IPT_ECN_OP_SET_ECE: set the TCP ECE bit
	ECNSetCWR ECNOp = 0x20 // IPT_ECN_OP_SET_CWR: set the TCP CWR bit
	// ECNRemove is what --ecn-tcp-remove sets, with ECE and CWR 0.
	ECNRemove = ECNSetECE | ECNSetCWR
)

// ecnOpKnown is every operation bit the kernel accepts (~IPT_ECN_OP_MASK).
const ecnOpKnown = ECNSetIP | ECNSetECE | ECNSetCWR

// String returns the operations' names joined by "|" ("ip", "ece",
// "cwr"), with unknown bits in hex.
func (o ECNOp) String() string {
	if o == 0 {
		return "0"
	}
	var b []byte
	for _, f := range [...]struct {
		op   ECNOp
		name string
	}{{ECNSetIP, "ip"}, {ECNSetECE, "ece"}, {ECNSetCWR, "cwr"}} {
		if o&f.op != 0 {
			if len(b) > 0 {
				b = append(b, '|')
			}
			b = append(b, f.name...)
		}
	}
	if rest := o &^ ecnOpKnown; rest != 0 {
		if len(b) > 0 {
			b = append(b, '|')
		}
		b = append(b, "0x"...)
		b = strconv.AppendUint(b, uint64(rest), 16)
	}
	return string(b)
}

// SetECN is the IPv4 ECN target (-j ECN): it rewrites the ECN bits of the
// IP header and of the TCP header (net/ipv4/netfilter/ipt_ECN.c). Its
// kernel struct is struct ipt_ECN_info in linux/netfilter_ipv4/ipt_ECN.h,
// revision 0: operation, ip_ect, and the TCP bits ece (bit 0) and cwr
// (bit 1) of the third byte. The kernel accepts it in the mangle table
// only, refuses unknown operations and codepoints above 3, and needs
// -p tcp (not inverted) for the TCP operations.
//
// The zero value does nothing; iptables refuses to build it.
type SetECN struct {
	targetBase
	Op    ECNOp
	IPECT uint8 // ECT codepoint for ECNSetIP, 0-3
	ECE   bool  // TCP ECE bit for ECNSetECE
	CWR   bool  // TCP CWR bit for ECNSetCWR
}

// Name returns "ECN".
func (e *SetECN) Name() string { return "ECN" }

// Revision returns 0.
func (e *SetECN) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_ECN_info.
func (e *SetECN) AppendBinary(b []byte) ([]byte, error) {
	var tcp byte
	if e.ECE {
		tcp |= 1
	}
	if e.CWR {
		tcp |= 2
	}
	return append(b, byte(e.Op), e.IPECT, tcp), nil
}

// remove reports whether the value is exactly what --ecn-tcp-remove
// builds, which iptables saves and lists as such.
func (e *SetECN) remove() bool { return e.Op == ECNRemove && !e.ECE && !e.CWR }

// AppendSave appends " --ecn-tcp-remove", or the " --ecn-tcp-ece N",
// " --ecn-tcp-cwr N" and " --ecn-ip-ect N" of the operations set.
func (e *SetECN) AppendSave(b []byte) []byte {
	if e.remove() {
		return append(b, " --ecn-tcp-remove"...)
	}
	return e.appendOps(b, " --ecn-tcp-ece ", " --ecn-tcp-cwr ", " --ecn-ip-ect ")
}

// AppendPrint appends " ECN" and " TCP remove", or " ECE=N", " CWR=N" and
// " ECT codepoint=N" for the operations set (ECN_print).
func (e *SetECN) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " ECN"...)
	if e.remove() {
		return append(b, " TCP remove"...)
	}
	return e.appendOps(b, " ECE=", " CWR=", " ECT codepoint=")
}

func (e *SetECN) appendOps(b []byte, ece, cwr, ect string) []byte {
	if e.Op&ECNSetECE != 0 {
		b = appendBit(append(b, ece...), e.ECE)
	}
	if e.Op&ECNSetCWR != 0 {
		b = appendBit(append(b, cwr...), e.CWR)
	}
	if e.Op&ECNSetIP != 0 {
		b = appendUint(append(b, ect...), e.IPECT)
	}
	return b
}

func appendBit(b []byte, v bool) []byte {
	if v {
		return append(b, '1')
	}
	return append(b, '0')
}

func decodeSetECN(d []byte) (Extension, error) {
	if len(d) < 3 {
		return nil, ErrTruncated
	}
	return &SetECN{Op: ECNOp(d[0]), IPECT: d[1], ECE: d[2]&1 != 0, CWR: d[2]&2 != 0}, nil
}

// buildSetECN applies the options in order, as ECN_parse does:
// --ecn-tcp-remove replaces the operations given before it.
func buildSetECN(_ *Context, opts []Opt) (Extension, error) {
	const ext = "ECN"
	if err := exclusive(ext, opts, "ecn-tcp-remove", "ecn-tcp-cwr"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "ecn-tcp-remove", "ecn-tcp-ece"); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, verbatim(ext, "an operation is required", "ECN target: An operation is required")
	}
	e := &SetECN{}
	for _, o := range opts {
		switch o.Name {
		case "ecn-tcp-remove":
			e.Op, e.ECE, e.CWR = ECNRemove, false, false
		case "ecn-tcp-cwr":
			v, err := optUint(ext, o, 0, 1)
			if err != nil {
				return nil, err
			}
			e.Op |= ECNSetCWR
			e.CWR = v == 1
		case "ecn-tcp-ece":
			v, err := optUint(ext, o, 0, 1)
			if err != nil {
				return nil, err
			}
			e.Op |= ECNSetECE
			e.ECE = v == 1
		case "ecn-ip-ect":
			v, err := optUint(ext, o, 0, 3)
			if err != nil {
				return nil, err
			}
			e.Op |= ECNSetIP
			e.IPECT = uint8(v)
		}
	}
	return e, nil
}

// checkSetECN is ecn_tg_check.
func checkSetECN(ctx *Context, ext Extension) error {
	e, ok := ext.(*SetECN)
	switch {
	case !ok:
	case e.Op&^ecnOpKnown != 0:
		return ExtErr("ECN", "unsupported operation %#x", uint8(e.Op))
	case e.IPECT > 3:
		return ExtErr("ECN", "invalid ECT codepoint %d", e.IPECT)
	case e.Op&ECNRemove != 0 && (ctx.Proto != 6 || ctx.InvProto):
		return ExtErr("ECN", "TCP operations need -p tcp")
	}
	return nil
}

var ecnTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "ECN",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: 3, Decode: decodeSetECN},
	},
	Options: []Option{
		{Name: "ecn-tcp-remove"},
		{Name: "ecn-tcp-cwr", Arg: RequiredArg},
		{Name: "ecn-tcp-ece", Arg: RequiredArg},
		{Name: "ecn-ip-ect", Arg: RequiredArg},
	},
	Build:  buildSetECN,
	Tables: []string{"mangle"},
	Check:  checkSetECN,
}
