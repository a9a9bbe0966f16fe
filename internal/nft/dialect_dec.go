package nft

import (
	"bytes"
	"encoding/binary"
	"net/netip"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// ForeignName is the match name under which a rule that no iptables rule
// can express (one written with nft) appears in a rules.Table: a single
// raw match whose payload is the rule's 8-byte handle. iptables-save
// output shows it as "-m nft-foreign --nfkit-raw 0:HANDLE"; such a rule is
// kept untouched by commits and cannot be re-created.
const ForeignName = "nft-foreign"

// IsForeign reports whether r is the placeholder of a foreign nft rule.
func IsForeign(r *rules.Rule) bool {
	for _, m := range r.Matches {
		if u, ok := m.(*xt.UnknownMatch); ok && u.ExtName == ForeignName {
			return true
		}
	}
	return false
}

// foreignRule returns the placeholder for the rule with handle h.
func foreignRule(h uint64, ctr rules.Counters) *rules.Rule {
	d := be.AppendUint64(nil, h)
	return &rules.Rule{
		Matches:  []xt.Match{xt.NewUnknown(xt.KindMatch, ForeignName, 0, d).(xt.Match)},
		Counters: ctr,
	}
}

// load is what register 1 holds while decoding.
type load struct {
	meta    MetaKey
	isMeta  bool
	payload *Payload
	mask    []byte // from a bitwise
	used    bool   // a cmp consumed it
}

// decoder turns iptables-nft expressions back into a rules.Rule. Anything
// iptables-nft does not write makes the rule foreign.
type decoder struct {
	r       *rules.Rule
	cur     *load
	ld      load // storage for cur
	tcpIdx  int
	tcp     []byte // xt_tcp being assembled from native expressions
	udpIdx  int
	udp     []byte
	imm     *Immediate // a data immediate awaiting its meta set
	done    bool       // a verdict or target was seen
	counter bool
	foreign bool
}

// ToRule decodes a rule read from the kernel. It returns the placeholder
// of IsForeign when no iptables rule expresses it.
func ToRule(nr *Rule) *rules.Rule {
	d := decoder{r: &rules.Rule{}, tcpIdx: -1, udpIdx: -1}
	for _, x := range nr.Exprs {
		if d.foreign {
			break
		}
		d.expr(x)
	}
	d.flush()
	if d.imm != nil {
		d.foreign = true
	}
	if !d.foreign && nr.UserData != nil {
		d.userdata(nr.UserData)
	}
	if d.foreign {
		var c rules.Counters
		for _, x := range nr.Exprs {
			if k, ok := x.(*Counter); ok {
				c = rules.Counters{Packets: k.Packets, Bytes: k.Bytes}
			}
		}
		return foreignRule(nr.Handle, c)
	}
	if d.tcp != nil {
		d.r.Matches[d.tcpIdx] = xt.DecodeMatch(xt.FamilyIPv4, "tcp", 0, pad8(d.tcp))
	}
	if d.udp != nil {
		d.r.Matches[d.udpIdx] = xt.DecodeMatch(xt.FamilyIPv4, "udp", 0, pad8(d.udp))
	}
	return d.r
}

func pad8(b []byte) []byte {
	for len(b) < xt.Align(len(b)) {
		b = append(b, 0)
	}
	return b
}

// flush ends the current load: a lone interface load is "-i +".
func (d *decoder) flush() {
	l := d.cur
	d.cur = nil
	if l == nil || l.used {
		return
	}
	if l.isMeta && l.mask == nil {
		switch l.meta {
		case MetaIIFName:
			d.r.InIface = "+"
			return
		case MetaOIFName:
			d.r.OutIface = "+"
			return
		}
	}
	d.foreign = true
}

func (d *decoder) expr(x Expr) {
	if _, isMeta := x.(*Meta); d.done || (d.imm != nil && !isMeta) {
		d.foreign = true
		return
	}
	switch x := x.(type) {
	case *Meta:
		d.flush()
		if x.SReg != 0 && d.trace(x) {
			return
		}
		if x.SReg != 0 || x.DReg != Reg1 {
			d.foreign = true
			return
		}
		d.ld = load{meta: x.Key, isMeta: true}
		d.cur = &d.ld
	case *Payload:
		d.flush()
		if x.SReg != 0 || x.DReg != Reg1 {
			d.foreign = true
			return
		}
		d.ld = load{payload: x}
		d.cur = &d.ld
	case *Bitwise:
		if d.cur == nil || d.cur.used || d.cur.mask != nil || x.Other || x.SReg != Reg1 || x.DReg != Reg1 ||
			int(x.Len) != len(x.Mask) || len(x.Xor) != len(x.Mask) || !allZero(x.Xor) {
			d.foreign = true
			return
		}
		d.cur.mask = x.Mask
	case *Cmp:
		if d.cur == nil || d.cur.used || x.SReg != Reg1 {
			d.foreign = true
			return
		}
		d.cur.used = true
		d.cmp(x)
	case *Range:
		if d.cur == nil || d.cur.used || x.SReg != Reg1 {
			d.foreign = true
			return
		}
		d.cur.used = true
		d.portRange(x)
	case *Counter:
		d.flush()
		if d.counter {
			d.foreign = true
		}
		d.counter = true
		d.r.Counters = rules.Counters{Packets: x.Packets, Bytes: x.Bytes}
	case *Immediate:
		d.flush()
		if x.DReg != RegVerdict && d.imm == nil {
			d.imm = x // a value for a meta set (TRACE)
			return
		}
		d.verdict(x)
	case *Match:
		d.flush()
		d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyIPv4, x.Ext, uint8(x.Rev), x.Info))
	case *Target:
		d.flush()
		d.done = true
		d.r.Target = xt.DecodeTarget(xt.FamilyIPv4, x.Ext, uint8(x.Rev), x.Info)
	case *Limit:
		d.flush()
		if x.Type != 0 || x.Flags != 0 || x.Rate == 0 {
			d.foreign = true
			return
		}
		d.limit(x)
	case *Log:
		d.flush()
		if x.HasLevel || x.HasFlags {
			d.foreign = true
			return
		}
		d.nflog(x)
	default:
		d.foreign = true
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func (d *decoder) cmp(c *Cmp) {
	l := d.cur
	inv := c.Op == CmpNeq
	eqNeq := c.Op == CmpEq || c.Op == CmpNeq
	if l.isMeta {
		switch {
		case !eqNeq:
		case l.meta == MetaL4Proto && len(c.Data) == 1 && l.mask == nil:
			d.r.Proto, d.r.InvProto = uint16(c.Data[0]), inv
			return
		case (l.meta == MetaIIFName || l.meta == MetaOIFName) && l.mask == nil && len(c.Data) > 0 && len(c.Data) <= 16:
			name, ifInv := ifaceName(c.Data, inv)
			if l.meta == MetaIIFName {
				d.r.InIface, d.r.InvIn = name, ifInv
			} else {
				d.r.OutIface, d.r.InvOut = name, ifInv
			}
			return
		case l.meta == MetaPktType && len(c.Data) == 1 && l.mask == nil:
			// iptables-nft writes -m pkttype as an xt match but reads the
			// native form back (struct xt_pkttype_info).
			info := binary.NativeEndian.AppendUint32(nil, uint32(c.Data[0]))
			var invert uint32
			if inv {
				invert = 1
			}
			info = binary.NativeEndian.AppendUint32(info, invert)
			d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyUnspec, "pkttype", 0, info))
			return
		case l.meta == MetaMark && len(c.Data) == 4:
			info := make([]byte, 12)
			copy(info, c.Data)
			copy(info[4:], []byte{0xff, 0xff, 0xff, 0xff})
			if l.mask != nil {
				if len(l.mask) != 4 {
					break
				}
				copy(info[4:], l.mask)
			}
			if inv {
				info[8] = 1
			}
			d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyUnspec, "mark", 1, pad8(info)))
			return
		}
		d.foreign = true
		return
	}
	p := l.payload
	switch p.Base {
	case BaseNetwork:
		if eqNeq && d.network(p, l.mask, c.Data, inv) {
			return
		}
		if d.ttl(p, l.mask, c) {
			return
		}
	case BaseTransport:
		if d.transport(p, l.mask, c) {
			return
		}
	}
	d.foreign = true
}

// ifaceName is parse_ifname and parse_invalid_iface.
func ifaceName(data []byte, inv bool) (string, bool) {
	if string(data) == "INVAL/D\x00" && !inv {
		return "+", true
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return string(data[:i]), inv
	}
	return string(data) + "+", inv
}

// trace reads "meta nftrace set 1" from the register an immediate loaded
// 1 into: -j TRACE as iptables-nft writes it.
func (d *decoder) trace(m *Meta) bool {
	im := d.imm
	d.imm = nil
	if im == nil || m.Key != MetaNFTrace || m.SReg != im.DReg || !bytes.Equal(im.Data, []byte{1}) {
		return false
	}
	d.r.Target = xt.DecodeTarget(xt.FamilyUnspec, "TRACE", 0, nil)
	d.done = true
	return true
}

// ttl reads "ip ttl OP N", which iptables-nft writes as an xt ttl match
// but reads back from the native form too: == != < > are --ttl-eq,
// ! --ttl-eq, --ttl-lt and --ttl-gt (struct ipt_ttl_info), and <= N and
// >= N are --ttl-lt N+1 and --ttl-gt N-1.
func (d *decoder) ttl(p *Payload, mask []byte, c *Cmp) bool {
	if p.Offset != ipTTL || p.Len != 1 || mask != nil || len(c.Data) != 1 {
		return false
	}
	v := c.Data[0]
	var mode byte // IPT_TTL_EQ, _NE, _LT, _GT
	switch {
	case c.Op == CmpEq:
		mode = 0
	case c.Op == CmpNeq:
		mode = 1
	case c.Op == CmpLt:
		mode = 2
	case c.Op == CmpLte && v < 255:
		mode, v = 2, v+1
	case c.Op == CmpGt:
		mode = 3
	case c.Op == CmpGte && v > 0:
		mode, v = 3, v-1
	default:
		return false
	}
	d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyIPv4, "ttl", 0, pad8([]byte{mode, v})))
	return true
}

func (d *decoder) network(p *Payload, mask, data []byte, inv bool) bool {
	switch {
	case (p.Offset == ipSaddr || p.Offset == ipDaddr) && p.Len <= 4 && int(p.Len) == len(data):
		var a, m [4]byte
		copy(a[:], data)
		if mask != nil {
			if len(mask) != 4 || p.Len != 4 {
				return false
			}
			copy(m[:], mask)
		} else {
			for i := 0; i < int(p.Len); i++ {
				m[i] = 0xff
			}
		}
		am := rules.AddrMask{Addr: netip.AddrFrom4(a), Mask: netip.AddrFrom4(m)}
		if p.Offset == ipSaddr {
			d.r.Src, d.r.InvSrc = am, inv
		} else {
			d.r.Dst, d.r.InvDst = am, inv
		}
		return true
	case p.Offset == ipProtocol && p.Len == 1 && mask == nil && len(data) == 1:
		d.r.Proto, d.r.InvProto = uint16(data[0]), inv
		return true
	case p.Offset == ipFragOff && p.Len == 2 && bytes.Equal(mask, []byte{0x1f, 0xff}) && bytes.Equal(data, []byte{0, 0}):
		d.r.Fragment = rules.FragOnly
		if !inv {
			d.r.Fragment = rules.FragNot
		}
		return true
	}
	return false
}
