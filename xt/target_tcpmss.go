package xt

import (
	"encoding/binary"
	"strconv"
)

// TCPMSSClampPMTU is the MSS value that means "clamp to the path MTU"
// (XT_TCPMSS_CLAMP_PMTU in linux/netfilter/xt_TCPMSS.h).
const TCPMSSClampPMTU = 0xffff

// SetTCPMSS is the TCPMSS target (-j TCPMSS): struct xt_tcpmss_info in
// linux/netfilter/xt_TCPMSS.h, revision 0, one host-order __u16.
//
// MSS is the value to set, or [TCPMSSClampPMTU] for --clamp-mss-to-pmtu.
// The zero value sets the MSS to 0.
type SetTCPMSS struct {
	targetBase
	MSS uint16
}

// Name returns "TCPMSS".
func (t *SetTCPMSS) Name() string { return "TCPMSS" }

// Revision returns 0.
func (t *SetTCPMSS) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_tcpmss_info.
func (t *SetTCPMSS) AppendBinary(b []byte) ([]byte, error) {
	return binary.NativeEndian.AppendUint16(b, t.MSS), nil
}

// AppendSave appends " --clamp-mss-to-pmtu" or " --set-mss N".
func (t *SetTCPMSS) AppendSave(b []byte) []byte {
	if t.MSS == TCPMSSClampPMTU {
		return append(b, " --clamp-mss-to-pmtu"...)
	}
	b = append(b, " --set-mss "...)
	return strconv.AppendUint(b, uint64(t.MSS), 10)
}

// AppendPrint appends " TCPMSS clamp to PMTU" or " TCPMSS set N"
// (TCPMSS_print).
func (t *SetTCPMSS) AppendPrint(b []byte, numeric bool) []byte {
	if t.MSS == TCPMSSClampPMTU {
		return append(b, " TCPMSS clamp to PMTU"...)
	}
	return appendUint(append(b, " TCPMSS set "...), t.MSS)
}

func decodeTCPMSS(d []byte) (Extension, error) {
	if len(d) < 2 {
		return nil, ErrTruncated
	}
	return &SetTCPMSS{MSS: binary.NativeEndian.Uint16(d)}, nil
}

func buildTCPMSS(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "TCPMSS"
	if len(opts) == 0 {
		return nil, verbatim(ext, "at least one parameter is required", "TCPMSS target: At least one parameter is required")
	}
	// The largest MSS leaves room for the IP header (20 bytes, 40 for IPv6).
	max := uint64(65535 - 20)
	if ctx.Family == FamilyIPv6 {
		max = 65535 - 40
	}
	t := &SetTCPMSS{}
	for _, o := range opts {
		switch o.Name {
		case "set-mss":
			v, err := optUint(ext, o, 0, max)
			if err != nil {
				return nil, err
			}
			t.MSS = uint16(v)
		case "clamp-mss-to-pmtu":
			t.MSS = TCPMSSClampPMTU
		}
	}
	return t, nil
}

// checkTCPMSS applies tcpmss_tg4_check's hook rule: path-MTU clamping only
// in FORWARD, OUTPUT and POSTROUTING.
func checkTCPMSS(ctx *Context, e Extension) error {
	t, ok := e.(*SetTCPMSS)
	if !ok || t.MSS != TCPMSSClampPMTU {
		return nil
	}
	if h := HookOfChain(ctx.Chain); h != 0 && h&(HookForward|HookLocalOut|HookPostRouting) == 0 {
		return ExtErr("TCPMSS", "path-MTU clamping is only supported in the FORWARD, OUTPUT and POSTROUTING chains, not %s", ctx.Chain)
	}
	return nil
}

// CheckTCPMSSRule applies the part of the kernel's TCPMSS check that looks
// at the whole rule: a rule with -j TCPMSS must also have a tcp match for
// SYN packets (-m tcp --tcp-flags ... SYN, or --syn, not inverted). exts
// holds the rule's matches and target in any order; rules without a
// TCPMSS target always pass. The legacy backend calls it for every rule,
// as the kernel only answers EINVAL.
func CheckTCPMSSRule(exts []Extension) error {
	found := false
	for _, e := range exts {
		if _, ok := e.(*SetTCPMSS); ok {
			found = true
		}
	}
	if !found {
		return nil
	}
	for _, e := range exts {
		if _, ok := e.(Match); !ok || e.Name() != "tcp" {
			continue
		}
		// struct xt_tcp: spts[2], dpts[2], option, flg_mask, flg_cmp, invflags.
		d, err := e.AppendBinary(nil)
		if err == nil && len(d) >= 12 && d[10]&0x02 != 0 && d[11]&0x04 == 0 {
			return nil
		}
	}
	return &kernelCheckError{ExtErr("TCPMSS", "target TCPMSS only works on TCP SYN packets: add -m tcp --tcp-flags SYN,RST SYN (or --syn)")}
}

var tcpmssTargetSpec = Spec{
	Kind:   KindTarget,
	Name:   "TCPMSS",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeTCPMSS},
	},
	Options: []Option{
		{Name: "set-mss", Arg: RequiredArg},
		{Name: "clamp-mss-to-pmtu", Arg: NoArg},
	},
	Build: buildTCPMSS,
	Proto: 6,
	Check: checkTCPMSS,
}
