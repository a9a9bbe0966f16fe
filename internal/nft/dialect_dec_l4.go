package nft

import (
	"encoding/binary"

	"github.com/nfkit/nfkit/xt"
)

// tcpInfo returns the xt_tcp being assembled from native expressions,
// creating it at the current match position.
func (d *decoder) tcpInfo() []byte { return d.portInfo(&d.tcp, &d.tcpIdx, 12) }

// udpInfo is tcpInfo for xt_udp.
func (d *decoder) udpInfo() []byte { return d.portInfo(&d.udp, &d.udpIdx, 10) }

// portInfo returns *info, creating it (size bytes, ports 0:65535, as the
// match's init does) and reserving its place among the matches.
func (d *decoder) portInfo(info *[]byte, idx *int, size int) []byte {
	if *info == nil {
		b := make([]byte, size)
		binary.NativeEndian.PutUint16(b[2:], 0xffff)
		binary.NativeEndian.PutUint16(b[6:], 0xffff)
		*info = b
		*idx = len(d.r.Matches)
		d.r.Matches = append(d.r.Matches, nil)
	}
	return *info
}

// ports returns the xt struct whose spts/dpts the rule's protocol uses,
// and the invflags offset.
func (d *decoder) ports() ([]byte, int) {
	if d.r.InvProto {
		return nil, 0
	}
	switch d.r.Proto {
	case 6:
		return d.tcpInfo(), 11
	case 17:
		return d.udpInfo(), 8
	}
	return nil, 0
}

// setPorts is port_match_single_to_range for the pair at off (0: source,
// 4: destination) with invert bit inv.
func setPorts(info []byte, off, invOff int, inv byte, op CmpOp, port uint16) bool {
	ne := binary.NativeEndian
	switch op {
	case CmpNeq:
		info[invOff] |= inv
		fallthrough
	case CmpEq:
		ne.PutUint16(info[off:], port)
		ne.PutUint16(info[off+2:], port)
	case CmpLt:
		ne.PutUint16(info[off+2:], max(port-1, 1))
	case CmpLte:
		ne.PutUint16(info[off+2:], port)
	case CmpGt:
		ne.PutUint16(info[off:], uint16(min(int(port)+1, 0xffff)))
	case CmpGte:
		ne.PutUint16(info[off:], port)
	default:
		return false
	}
	return true
}

func (d *decoder) transport(p *Payload, mask []byte, c *Cmp) bool {
	if !d.r.InvProto && d.r.Proto == 1 {
		return d.icmp(p, mask, c)
	}
	if p.Offset == 13 && p.Len == 1 && len(c.Data) == 1 && d.r.Proto == 6 && !d.r.InvProto {
		if c.Op != CmpEq && c.Op != CmpNeq {
			return false
		}
		info := d.tcpInfo()
		m := byte(0xff)
		if mask != nil {
			m = mask[0]
		}
		if c.Op == CmpNeq {
			info[11] |= 0x04
		}
		info[9], info[10] = m, c.Data[0]
		return true
	}
	if mask != nil {
		return false
	}
	info, invOff := d.ports()
	if info == nil {
		return false
	}
	switch {
	case p.Offset == 0 && p.Len == 2 && len(c.Data) == 2:
		return setPorts(info, 0, invOff, 1, c.Op, be.Uint16(c.Data))
	case p.Offset == 0 && p.Len == 4 && len(c.Data) == 4:
		return setPorts(info, 0, invOff, 1, c.Op, be.Uint16(c.Data)) &&
			setPorts(info, 4, invOff, 2, c.Op, be.Uint16(c.Data[2:]))
	case p.Offset == 2 && p.Len == 2 && len(c.Data) == 2:
		return setPorts(info, 4, invOff, 2, c.Op, be.Uint16(c.Data))
	}
	return false
}

func (d *decoder) portRange(r *Range) {
	l := d.cur
	p := l.payload
	if p == nil || p.Base != BaseTransport || l.mask != nil || p.Len != 2 || len(r.From) != 2 || len(r.To) != 2 ||
		(p.Offset != 0 && p.Offset != 2) || r.Op > RangeNeq {
		d.foreign = true
		return
	}
	info, invOff := d.ports()
	if info == nil {
		d.foreign = true
		return
	}
	off, bit := 0, byte(1)
	if p.Offset == 2 {
		off, bit = 4, 2
	}
	if r.Op == RangeNeq {
		info[invOff] |= bit
	}
	ne := binary.NativeEndian
	ne.PutUint16(info[off:], be.Uint16(r.From))
	ne.PutUint16(info[off+2:], be.Uint16(r.To))
}

// icmp is nft_parse_icmp: type, or type and code, as a native match.
func (d *decoder) icmp(p *Payload, mask []byte, c *Cmp) bool {
	if mask != nil || c.Op != CmpEq || len(c.Data) == 0 {
		return false
	}
	info := []byte{0xff, 0, 0xff, 0}
	data := c.Data
	switch {
	case p.Offset == 0 && int(p.Len) == len(data) && len(data) <= 2:
		info[0] = data[0]
		if len(data) == 2 {
			info[1], info[2] = data[1], data[1]
		}
	case p.Offset == 1 && p.Len == 1 && len(data) == 1:
		info[1], info[2] = data[0], data[0]
	default:
		return false
	}
	d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyIPv4, "icmp", 0, pad8(info)))
	return true
}

func (d *decoder) verdict(im *Immediate) {
	if im.DReg != RegVerdict {
		d.foreign = true
		return
	}
	d.done = true
	switch im.Verdict {
	case VerdictAccept:
		d.r.Target = &xt.Standard{Verdict: xt.VerdictAccept}
	case VerdictDrop:
		d.r.Target = &xt.Standard{Verdict: xt.VerdictDrop}
	case VerdictReturn:
		d.r.Target = &xt.Standard{Verdict: xt.VerdictReturn}
	case VerdictJump, VerdictGoto:
		if im.Chain == "" {
			d.foreign = true
			return
		}
		d.r.Target = &xt.Jump{Chain: im.Chain}
		d.r.Goto = im.Verdict == VerdictGoto
	default:
		d.foreign = true
	}
}

// limit is nft_parse_limit.
func (d *decoder) limit(l *Limit) {
	info, _ := xt.NewLimit().AppendBinary(nil)
	for i := range info {
		info[i] = 0
	}
	binary.NativeEndian.PutUint32(info, uint32(xt.LimitScale*l.Unit/l.Rate))
	binary.NativeEndian.PutUint32(info[4:], l.Burst)
	d.r.Matches = append(d.r.Matches, xt.DecodeMatch(xt.FamilyUnspec, "limit", 0, pad8(info)))
}

// nflog is nft_parse_log: the log expression is -j NFLOG.
func (d *decoder) nflog(l *Log) {
	d.done = true
	t := &xt.NFLog{Group: l.Group, Threshold: l.QThreshold}
	if l.HasSnaplen {
		t.Len, t.Flags = l.Snaplen, xt.NFLogCopyLen
	}
	if l.HasPrefix {
		// nft keeps prefixes longer than xt_nflog_info's 63 bytes, and
		// iptables-nft prints them whole.
		t.Prefix = l.Prefix
	}
	d.r.Target = t
}

// userdata reads the comment iptables-nft (>= 1.8.10 for some rules)
// stores as NFTA_RULE_USERDATA: nftnl_udata TLVs, type 0 the comment.
func (d *decoder) userdata(b []byte) {
	for len(b) >= 2 {
		typ, n := b[0], int(b[1])
		if 2+n > len(b) {
			return
		}
		v := b[2 : 2+n]
		b = b[2+n:]
		if typ != 0 || n == 0 || v[n-1] != 0 {
			continue
		}
		text := string(v[:n-1])
		if len(text) > xt.CommentMaxLen {
			text = text[:xt.CommentMaxLen]
		}
		d.r.Matches = append(d.r.Matches, &xt.Comment{Text: text})
	}
}
