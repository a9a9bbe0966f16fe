package nft

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// EncodeOptions tune the iptables-nft dialect. The zero value writes what
// iptables-nft 1.8.9 writes.
type EncodeOptions struct {
	// CompatMatches writes every match as an nft_compat match expression,
	// never as native expressions, so that iptables-nft older than 1.8.8
	// reads the rules back (it would save a native mark match as nothing).
	CompatMatches bool
	// CompatComments writes a trailing comment match as an xt comment
	// match, as iptables-nft 1.8.9 does, instead of NFTA_RULE_USERDATA
	// (which iptables-nft reads back as the last match, and which costs
	// the kernel no expression).
	CompatComments bool
}

// ipv4 header offsets (struct iphdr).
const (
	ipFragOff  = 6
	ipTTL      = 8
	ipProtocol = 9
	ipSaddr    = 12
	ipDaddr    = 16
)

// EncodeRule turns r into the expressions iptables-nft 1.8.9 writes for
// it, in table/chain. The result carries no handle or position.
func EncodeRule(table, chain string, r *rules.Rule, o *EncodeOptions) (*Rule, error) {
	if o == nil {
		o = &EncodeOptions{}
	}
	if IsForeign(r) {
		return nil, fmt.Errorf("a foreign nft rule (written with nft) cannot be re-created by nfkit")
	}
	out := &Rule{Table: table, Chain: chain, HasCompat: true, CompatProto: uint32(r.Proto)}
	if r.InvProto {
		out.CompatFlags = CompatInv
	}
	x := make([]Expr, 0, 8)
	if r.InIface != "" {
		x = appendIface(x, MetaIIFName, r.InIface, r.InvIn)
	}
	if r.OutIface != "" {
		x = appendIface(x, MetaOIFName, r.OutIface, r.InvOut)
	}
	if r.Proto != 0 {
		x = append(x, &Meta{Key: MetaL4Proto, DReg: Reg1},
			&Cmp{SReg: Reg1, Op: cmpOp(r.InvProto), Data: []byte{byte(r.Proto)}})
	}
	var err error
	if x, err = appendAddr(x, ipSaddr, r.Src, r.InvSrc); err != nil {
		return nil, fmt.Errorf("-s: %w", err)
	}
	if x, err = appendAddr(x, ipDaddr, r.Dst, r.InvDst); err != nil {
		return nil, fmt.Errorf("-d: %w", err)
	}
	if r.Fragment != rules.FragAny {
		op := CmpNeq
		if r.Fragment == rules.FragNot {
			op = CmpEq
		}
		x = append(x, &Payload{DReg: Reg1, Base: BaseNetwork, Offset: ipFragOff, Len: 2},
			&Bitwise{SReg: Reg1, DReg: Reg1, Len: 2, Mask: []byte{0x1f, 0xff}, Xor: []byte{0, 0}},
			&Cmp{SReg: Reg1, Op: op, Data: []byte{0, 0}})
	}
	matches := r.Matches
	if n := len(matches); n > 0 && !o.CompatMatches && !o.CompatComments {
		if c, ok := matches[n-1].(*xt.Comment); ok && len(c.Text) < 255 && strings.IndexByte(c.Text, 0) < 0 {
			out.UserData = append([]byte{0, byte(len(c.Text) + 1)}, c.Text...)
			out.UserData = append(out.UserData, 0)
			matches = matches[:n-1]
		}
	}
	for _, m := range matches {
		if x, err = appendMatch(x, m, r, o); err != nil {
			return nil, fmt.Errorf("match %s: %w", m.Name(), err)
		}
	}
	x = append(x, &Counter{Packets: r.Counters.Packets, Bytes: r.Counters.Bytes})
	if x, err = appendAction(x, r); err != nil {
		return nil, err
	}
	out.Exprs = x
	return out, nil
}

func cmpOp(inv bool) CmpOp {
	if inv {
		return CmpNeq
	}
	return CmpEq
}

// appendIface is add_iniface / add_outiface.
func appendIface(x []Expr, key MetaKey, name string, inv bool) []Expr {
	x = append(x, &Meta{Key: key, DReg: Reg1})
	op := cmpOp(inv)
	if name[len(name)-1] == '+' {
		switch {
		case len(name) > 1:
			x = append(x, &Cmp{SReg: Reg1, Op: op, Data: []byte(name[:len(name)-1])})
		case inv:
			x = append(x, &Cmp{SReg: Reg1, Op: CmpEq, Data: []byte("INVAL/D\x00")})
		}
		return x
	}
	return append(x, &Cmp{SReg: Reg1, Op: op, Data: append([]byte(name), 0)})
}

// appendAddr is add_addr: a prefix mask compares only the prefix bytes,
// any other mask goes through a bitwise.
func appendAddr(x []Expr, off uint32, m rules.AddrMask, inv bool) ([]Expr, error) {
	var addr, mask [4]byte
	if m.Addr.IsValid() {
		if !m.Addr.Is4() {
			return x, fmt.Errorf("%v is not an IPv4 address", m.Addr)
		}
		addr = m.Addr.As4()
	}
	if m.Mask.IsValid() && m.Mask.Is4() {
		mask = m.Mask.As4()
	}
	if addr == [4]byte{} && mask == [4]byte{} && !inv {
		return x, nil
	}
	i := 0
	bitwise := false
	for ; i < 4; i++ {
		if mask[i] != 0xff {
			bitwise = mask[i] != 0
			break
		}
	}
	for j := i + 1; !bitwise && j < 4; j++ {
		bitwise = mask[j] != 0
	}
	n := 4
	if !bitwise {
		n = i
	}
	x = append(x, &Payload{DReg: Reg1, Base: BaseNetwork, Offset: off, Len: uint32(n)})
	if bitwise {
		x = append(x, &Bitwise{SReg: Reg1, DReg: Reg1, Len: 4, Mask: append([]byte(nil), mask[:]...), Xor: make([]byte, 4)})
	}
	return append(x, &Cmp{SReg: Reg1, Op: cmpOp(inv), Data: append([]byte(nil), addr[:n]...)}), nil
}

// xtInfo returns the xt struct of e padded to XT_ALIGN, as nft_compat
// wants it.
func xtInfo(e xt.Extension) ([]byte, error) {
	b, err := e.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	for len(b) < xt.Align(len(b)) {
		b = append(b, 0)
	}
	return b, nil
}

func compatMatch(x []Expr, m xt.Match) ([]Expr, error) {
	info, err := xtInfo(m)
	if err != nil {
		return x, err
	}
	return append(x, &Match{xtExpr{Ext: m.Name(), Rev: uint32(m.Revision()), Info: info}}), nil
}

// appendMatch is add_match: limit, udp, tcp and mark become native
// expressions (unless o.CompatMatches), everything else nft_compat.
func appendMatch(x []Expr, m xt.Match, r *rules.Rule, o *EncodeOptions) ([]Expr, error) {
	if o.CompatMatches {
		return compatMatch(x, m)
	}
	switch m.Name() {
	case "limit", "udp", "tcp", "mark":
	default:
		return compatMatch(x, m)
	}
	info, err := m.AppendBinary(nil)
	if err != nil {
		return x, err
	}
	ne := binary.NativeEndian
	switch m.Name() {
	case "limit":
		if len(info) < 8 || m.Revision() != 0 {
			return compatMatch(x, m)
		}
		return appendLimit(x, ne.Uint32(info), ne.Uint32(info[4:]))
	case "udp":
		if len(info) < 9 || m.Revision() != 0 {
			return compatMatch(x, m)
		}
		inv := info[8]
		if inv > 0x03 || isZeroPorts(info[:8]) {
			return compatMatch(x, m)
		}
		if r.Proto != 17 {
			return x, fmt.Errorf("UDP match requires '-p udp'")
		}
		return appendPorts(x, info[:8], inv&1 != 0, inv&2 != 0), nil
	case "tcp":
		if len(info) < 12 || m.Revision() != 0 {
			return compatMatch(x, m)
		}
		option, mask, comp, inv := info[8], info[9], info[10], info[11]
		if inv&^0x07 != 0 || option != 0 || (isZeroPorts(info[:8]) && mask == 0 && comp == 0 && inv == 0) {
			return compatMatch(x, m)
		}
		if r.Proto != 6 {
			return x, fmt.Errorf("TCP match requires '-p tcp'")
		}
		if mask != 0 {
			x = append(x, &Payload{DReg: Reg1, Base: BaseTransport, Offset: 13, Len: 1},
				&Bitwise{SReg: Reg1, DReg: Reg1, Len: 1, Mask: []byte{mask}, Xor: []byte{0}},
				&Cmp{SReg: Reg1, Op: cmpOp(inv&4 != 0), Data: []byte{comp}})
		}
		return appendPorts(x, info[:8], inv&1 != 0, inv&2 != 0), nil
	case "mark":
		if len(info) < 9 || m.Revision() != 1 {
			return compatMatch(x, m)
		}
		x = append(x, &Meta{Key: MetaMark, DReg: Reg1})
		if mask := info[4:8]; ne.Uint32(mask) != 0xffffffff {
			x = append(x, &Bitwise{SReg: Reg1, DReg: Reg1, Len: 4, Mask: append([]byte(nil), mask...), Xor: make([]byte, 4)})
		}
		return append(x, &Cmp{SReg: Reg1, Op: cmpOp(info[8] != 0), Data: append([]byte(nil), info[:4]...)}), nil
	}
	return compatMatch(x, m)
}

// limitMult is add_nft_limit's table: day, hour, minute, second in
// XT_LIMIT_SCALE units.
var limitMult = [4]uint64{xt.LimitScale * 24 * 60 * 60, xt.LimitScale * 60 * 60, xt.LimitScale * 60, xt.LimitScale}

func appendLimit(x []Expr, avg, burst uint32) ([]Expr, error) {
	if avg == 0 {
		return x, fmt.Errorf("limit: an average of 0 is not supported")
	}
	a := uint64(avg)
	i := 1
	for ; i < len(limitMult); i++ {
		if a > limitMult[i] || limitMult[i]/a < limitMult[i]%a {
			break
		}
	}
	return append(x, &Limit{Rate: limitMult[i-1] / a, Unit: limitMult[i-1] / xt.LimitScale, Burst: burst}), nil
}

// isZeroPorts reports whether spts/dpts (native u16 pairs) are 0:65535.
func isZeroPorts(p []byte) bool {
	ne := binary.NativeEndian
	return ne.Uint16(p) == 0 && ne.Uint16(p[2:]) == 0xffff && ne.Uint16(p[4:]) == 0 && ne.Uint16(p[6:]) == 0xffff
}

// appendPorts is add_nft_tcpudp.
func appendPorts(x []Expr, p []byte, invSrc, invDst bool) []Expr {
	ne := binary.NativeEndian
	src := [2]uint16{ne.Uint16(p), ne.Uint16(p[2:])}
	dst := [2]uint16{ne.Uint16(p[4:]), ne.Uint16(p[6:])}
	// One 4-byte compare for a single source and destination port, not
	// inverted: iptables-nft 1.8.9 also merged "! --sport A ! --dport B",
	// which means something else (1.8.11 fixed it; so do we).
	if !invSrc && !invDst && src[0] != 0 && src[0] == src[1] && dst[0] != 0 && dst[0] == dst[1] {
		d := make([]byte, 4)
		be.PutUint16(d, src[0])
		be.PutUint16(d[2:], dst[0])
		return append(x, &Payload{DReg: Reg1, Base: BaseTransport, Offset: 0, Len: 4},
			&Cmp{SReg: Reg1, Op: CmpEq, Data: d})
	}
	// iptables-nft 1.8.11 keeps an inverted full range (1.8.9 drops it).
	if src[0] != 0 || src[1] < 0xffff || invSrc {
		x = append(x, &Payload{DReg: Reg1, Base: BaseTransport, Offset: 0, Len: 2})
		x = appendPortRange(x, src, invSrc)
	}
	if dst[0] != 0 || dst[1] < 0xffff || invDst {
		x = append(x, &Payload{DReg: Reg1, Base: BaseTransport, Offset: 2, Len: 2})
		x = appendPortRange(x, dst, invDst)
	}
	return x
}

// appendPortRange is expr_gen_range_cmp16.
func appendPortRange(x []Expr, r [2]uint16, inv bool) []Expr {
	u16 := func(v uint16) []byte { return be.AppendUint16(nil, v) }
	switch {
	case r[0] == r[1]:
		return append(x, &Cmp{SReg: Reg1, Op: cmpOp(inv), Data: u16(r[0])})
	case r[0] == 0 && r[1] < 0xffff:
		op := CmpLte
		if inv {
			op = CmpGt
		}
		return append(x, &Cmp{SReg: Reg1, Op: op, Data: u16(r[1])})
	}
	op := RangeEq
	if inv {
		op = RangeNeq
	}
	return append(x, &Range{SReg: Reg1, Op: op, From: u16(r[0]), To: u16(r[1])})
}

// appendAction is add_action: verdicts and jumps become immediates, NFLOG
// the native log expression, TRACE a meta set, other targets nft_compat.
func appendAction(x []Expr, r *rules.Rule) ([]Expr, error) {
	switch t := r.Target.(type) {
	case nil:
		return x, nil
	case *xt.Jump:
		v := VerdictJump
		if r.Goto {
			v = VerdictGoto
		}
		return append(x, &Immediate{DReg: RegVerdict, Verdict: v, Chain: t.Chain}), nil
	case *xt.Standard:
		switch t.Verdict {
		case xt.VerdictAccept:
			return append(x, &Immediate{DReg: RegVerdict, Verdict: VerdictAccept}), nil
		case xt.VerdictDrop:
			return append(x, &Immediate{DReg: RegVerdict, Verdict: VerdictDrop}), nil
		case xt.VerdictReturn:
			return append(x, &Immediate{DReg: RegVerdict, Verdict: VerdictReturn}), nil
		}
	case *xt.Trace:
		// "meta nftrace set 1", from 32-bit register 1 (add_meta_nftrace).
		return append(x, &Immediate{DReg: Reg32First, Data: []byte{1}}, &Meta{Key: MetaNFTrace, SReg: Reg32First}), nil
	case *xt.NFLog:
		l := &Log{Group: t.Group, QThreshold: t.Threshold}
		if t.Prefix != "" {
			l.Prefix, l.HasPrefix = t.Prefix, true
		}
		if t.Flags&xt.NFLogCopyLen != 0 {
			l.Snaplen, l.HasSnaplen = t.Len, true
		}
		return append(x, l), nil
	}
	info, err := xtInfo(r.Target)
	if err != nil {
		return x, fmt.Errorf("target %s: %w", r.Target.Name(), err)
	}
	return append(x, &Target{xtExpr{Ext: r.Target.Name(), Rev: uint32(r.Target.Revision()), Info: info}}), nil
}
