package xt

import "errors"

// ECNOps names the tests of the ecn match (XT_ECN_OP_MATCH_* in
// /usr/include/linux/netfilter/xt_ecn.h), in both its Ops and Invert.
type ECNOps uint8

// ecn tests.
const (
	ECNMatchIP  ECNOps = 0x01 // XT_ECN_OP_MATCH_IP: --ecn-ip-ect
	ECNMatchECE ECNOps = 0x10 // XT_ECN_OP_MATCH_ECE: --ecn-tcp-ece
	ECNMatchCWR ECNOps = 0x20 // XT_ECN_OP_MATCH_CWR: --ecn-tcp-cwr
	ecnOpsValid ECNOps = 0x31 // ^XT_ECN_OP_MATCH_MASK
)

// String returns the tests' names: "ip-ect,tcp-ece,tcp-cwr".
func (o ECNOps) String() string {
	return flagNames(uint32(o), "ip-ect", "", "", "", "tcp-ece", "tcp-cwr")
}

// ECN is the ecn match (-m ecn): struct xt_ecn_info, revision 0 only. It
// tests the ECN codepoint of the IP header and the ECE and CWR bits of
// the TCP header; the TCP tests need -p tcp.
//
// iptables needs at least one option; the zero value tests nothing.
type ECN struct {
	matchBase
	Ops    ECNOps // tests made
	Invert ECNOps // tests negated
	// IPECT is the ECN codepoint --ecn-ip-ect compares with (0-3).
	IPECT uint8
}

const ecnSize = 4 // sizeof(struct xt_ecn_info)

// Name returns "ecn".
func (*ECN) Name() string { return "ecn" }

// Revision returns 0.
func (*ECN) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_ecn_info; proto.tcp.ect, which nothing
// uses, is zero.
func (m *ECN) AppendBinary(b []byte) ([]byte, error) {
	return append(b, byte(m.Ops), byte(m.Invert), m.IPECT, 0), nil
}

// AppendSave appends " [!] --ecn-tcp-ece [!] --ecn-tcp-cwr [!]
// --ecn-ip-ect N", the tests made, as ecn_save does.
func (m *ECN) AppendSave(b []byte) []byte {
	if m.Ops&ECNMatchECE != 0 {
		b = ecnAppendOpt(b, m.Invert&ECNMatchECE != 0, " --ecn-tcp-ece")
	}
	if m.Ops&ECNMatchCWR != 0 {
		b = ecnAppendOpt(b, m.Invert&ECNMatchCWR != 0, " --ecn-tcp-cwr")
	}
	if m.Ops&ECNMatchIP != 0 {
		b = ecnAppendOpt(b, m.Invert&ECNMatchIP != 0, " --ecn-ip-ect ")
		b = appendUint(b, m.IPECT)
	}
	return b
}

// ecnAppendOpt appends " !" when inv, then s.
func ecnAppendOpt(b []byte, inv bool, s string) []byte {
	if inv {
		b = append(b, " !"...)
	}
	return append(b, s...)
}

// AppendPrint appends " ECN match [!]ECE [!]CWR [!]ECT=N" (ecn_print).
func (m *ECN) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " ECN match"...)
	for _, t := range [...]struct {
		op   ECNOps
		text string
	}{{ECNMatchECE, "ECE"}, {ECNMatchCWR, "CWR"}, {ECNMatchIP, "ECT="}} {
		if m.Ops&t.op == 0 {
			continue
		}
		b = append(b, ' ')
		if m.Invert&t.op != 0 {
			b = append(b, '!')
		}
		b = append(b, t.text...)
		if t.op == ECNMatchIP {
			b = appendUint(b, m.IPECT)
		}
	}
	return b
}

var errECN = errors.New("ecn: a value the kernel refuses")

func decodeECN(data []byte) (Extension, error) {
	if len(data) < ecnSize {
		return nil, ErrTruncated
	}
	if (ECNOps(data[0])|ECNOps(data[1]))&^ecnOpsValid != 0 || data[3] != 0 {
		return nil, errECN
	}
	return &ECN{Ops: ECNOps(data[0]), Invert: ECNOps(data[1]), IPECT: data[2]}, nil
}

func buildECN(_ *Context, opts []Opt) (Extension, error) {
	m := &ECN{}
	for _, o := range opts {
		var op ECNOps
		switch o.Name {
		case "ecn-tcp-cwr":
			op = ECNMatchCWR
		case "ecn-tcp-ece":
			op = ECNMatchECE
		case "ecn-ip-ect":
			op = ECNMatchIP
			v, err := optUint("ecn", o, 0, 3)
			if err != nil {
				return nil, err
			}
			m.IPECT = uint8(v)
		}
		m.Ops |= op
		if o.Invert {
			m.Invert |= op
		}
	}
	if m.Ops == 0 {
		return nil, ExtErr("ecn", "some option required")
	}
	return m, nil
}

// checkECN is the kernel's ecn_mt_check4: known tests only, and the TCP
// bits only in a -p tcp rule.
func checkECN(ctx *Context, e Extension) error {
	m, ok := e.(*ECN)
	if !ok {
		return nil
	}
	if (m.Ops|m.Invert)&^ecnOpsValid != 0 {
		return ExtErr("ecn", "unknown tests %#x", uint8((m.Ops|m.Invert)&^ecnOpsValid))
	}
	if m.Ops&(ECNMatchECE|ECNMatchCWR) != 0 && (ctx.Proto != 6 || ctx.InvProto) {
		return ExtErr("ecn", "cannot match TCP bits for non-tcp packets: needs -p tcp")
	}
	return nil
}

// ecnSpec is the ecn match (net/netfilter/xt_ecn.c, libxt_ecn.c).
var ecnSpec = Spec{
	Kind: KindMatch,
	Name: "ecn",
	Revisions: []Revision{
		{Revision: 0, Size: ecnSize, Decode: decodeECN},
	},
	Options: []Option{
		{Name: "ecn-tcp-cwr", Arg: NoArg, Invert: true},
		{Name: "ecn-tcp-ece", Arg: NoArg, Invert: true},
		{Name: "ecn-ip-ect", Arg: RequiredArg, Invert: true},
	},
	Build: buildECN,
	Check: checkECN,
}
