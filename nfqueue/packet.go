package nfqueue

import (
	"net"
	"time"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// Packet is one queued packet, as decoded from NFQNL_MSG_PACKET.
//
// The *Packet passed to a Handler, and every slice it returns (Payload,
// HWAddr, L2Header, SecCtx, Unknown data), are borrowed: they are valid
// only until the handler returns, and are reused for the next packet. Call
// Defer to keep a packet (it is then copied), or copy what you need.
type Packet struct {
	w    wire.Packet
	mods wire.VerdictAttrs
	q    *Queue
	// stateKey identifies this packet in the queue's handler state word;
	// zero for packets that are not inside a handler.
	stateKey uint64
}

// ID returns the packet id that the verdict names.
func (p *Packet) ID() uint32 { return p.w.ID }

// Queue returns the queue number the packet came from.
func (p *Packet) Queue() uint16 { return p.w.Queue }

// Family returns the netfilter family (ipv4, ipv6, bridge, netdev, ...).
func (p *Packet) Family() Family { return Family(p.w.Family) }

// Hook returns the hook the packet was queued from.
func (p *Packet) Hook() Hook { return Hook(p.w.Hook) }

// HWProtocol returns the link-layer protocol (an ETH_P_* value, such as
// 0x0800 for IPv4), in host order.
func (p *Packet) HWProtocol() uint16 { return p.w.HWProtocol }

// Payload returns the packet from its network header (its link-layer
// header for bridge and netdev families), up to the copy range. Borrowed:
// see Packet. It is empty in CopyMeta mode.
func (p *Packet) Payload() []byte { return p.w.Payload }

// Len returns the original length of the packet, which is more than
// len(Payload()) when the copy range truncated it.
func (p *Packet) Len() int {
	if p.w.Present.Has(wire.AttrCapLen) {
		return int(p.w.CapLen)
	}
	return len(p.w.Payload)
}

// Truncated reports whether Payload is shorter than the packet
// (NFQA_CAP_LEN was sent).
func (p *Packet) Truncated() bool {
	return p.w.Present.Has(wire.AttrCapLen) && int(p.w.CapLen) > len(p.w.Payload)
}

func (p *Packet) u32(typ uint16, v uint32) (uint32, bool) {
	if p.w.Present.Has(typ) {
		return v, true
	}
	return 0, false
}

// Mark returns the packet mark (NFQA_MARK); the kernel sends it when it is
// not zero.
func (p *Packet) Mark() (uint32, bool) { return p.u32(wire.AttrMark, p.w.Mark) }

// Timestamp returns the receive timestamp, when the skb has one.
func (p *Packet) Timestamp() (time.Time, bool) {
	if !p.w.Present.Has(wire.AttrTimestamp) {
		return time.Time{}, false
	}
	return time.Unix(int64(p.w.TimestampSec), int64(p.w.TimestampUsec)*1000), true
}

// HWAddr returns the link-layer source address (NFQA_HWADDR), borrowed.
func (p *Packet) HWAddr() net.HardwareAddr { return p.w.HWAddr }

// InDev returns the input interface index, 0 when none.
func (p *Packet) InDev() uint32 { return p.w.InDev }

// OutDev returns the output interface index, 0 when none.
func (p *Packet) OutDev() uint32 { return p.w.OutDev }

// PhysInDev returns the bridge port the packet came in on, 0 when none.
func (p *Packet) PhysInDev() uint32 { return p.w.PhysInDev }

// PhysOutDev returns the bridge port the packet goes out on, 0 when none.
func (p *Packet) PhysOutDev() uint32 { return p.w.PhysOutDev }

// InDevName returns the name of the input interface, looked up in the
// queue's namespace and cached. It allocates, so it is off the fast path.
func (p *Packet) InDevName() string { return p.devName(p.w.InDev) }

// OutDevName returns the name of the output interface (see InDevName).
func (p *Packet) OutDevName() string { return p.devName(p.w.OutDev) }

// PhysInDevName returns the name of the bridge port the packet came in on
// (see InDevName).
func (p *Packet) PhysInDevName() string { return p.devName(p.w.PhysInDev) }

// PhysOutDevName returns the name of the bridge port the packet goes out
// on (see InDevName).
func (p *Packet) PhysOutDevName() string { return p.devName(p.w.PhysOutDev) }

func (p *Packet) devName(idx uint32) string {
	if idx == 0 || p.q == nil {
		return ""
	}
	return p.q.names.name(idx)
}

// SkbInfo returns the NFQA_SKB_INFO flags (GSO, checksum state).
func (p *Packet) SkbInfo() SkbInfo { return SkbInfo(p.w.SkbInfo) }

// UID returns the uid owning the local socket (Config.UIDGID).
func (p *Packet) UID() (uint32, bool) { return p.u32(wire.AttrUID, p.w.UID) }

// GID returns the gid owning the local socket (Config.UIDGID).
func (p *Packet) GID() (uint32, bool) { return p.u32(wire.AttrGID, p.w.GID) }

// SecCtx returns the security context (Config.SecCtx), borrowed. The
// kernel's trailing NUL is removed.
func (p *Packet) SecCtx() []byte {
	s := p.w.SecCtx
	for len(s) > 0 && s[len(s)-1] == 0 {
		s = s[:len(s)-1]
	}
	return s
}

// Priority returns skb->priority (NFQA_PRIORITY), sent when not zero.
func (p *Packet) Priority() (uint32, bool) { return p.u32(wire.AttrPriority, p.w.Priority) }

// CgroupClassID returns the net_cls cgroup class id, on kernels that send
// it.
func (p *Packet) CgroupClassID() (uint32, bool) {
	return p.u32(wire.AttrCgroupClassID, p.w.CgroupClassID)
}

// L2Header returns the link-layer header (NFQA_L2HDR, bridge family),
// borrowed.
func (p *Packet) L2Header() []byte { return p.w.L2Hdr }

// VLAN is the 802.1Q tag of a packet.
type VLAN struct {
	Proto uint16 // TPID, such as 0x8100
	TCI   uint16 // priority, DEI and VLAN id
}

// ID returns the 12-bit VLAN id.
func (v VLAN) ID() uint16 { return v.TCI & 0xfff }

// VLAN returns the packet's VLAN tag (NFQA_VLAN, bridge family).
func (p *Packet) VLAN() (VLAN, bool) {
	return VLAN{p.w.VLANProto, p.w.VLANTCI}, p.w.Present.Has(wire.AttrVLAN)
}

// Conntrack describes a packet's connection (Config.Conntrack).
type Conntrack struct {
	ID      uint32  // CTA_ID
	State   CTState // from NFQA_CT_INFO
	Status  uint32  // CTA_STATUS, enum ip_conntrack_status bits
	Mark    uint32  // CTA_MARK, the connmark
	Zone    uint16  // CTA_ZONE
	Timeout uint32  // CTA_TIMEOUT, seconds left
	Labels  []byte  // CTA_LABELS, borrowed
	// Raw is the whole NFQA_CT nest, borrowed, for attributes not decoded
	// here (tuples, counters).
	Raw []byte
}

// Conntrack returns the packet's conntrack entry, present when the queue
// asked for it and the packet is tracked.
func (p *Packet) Conntrack() (Conntrack, bool) {
	if !p.w.Present.Has(wire.AttrCT) && !p.w.Present.Has(wire.AttrCTInfo) {
		return Conntrack{}, false
	}
	ct := p.w.CT
	return Conntrack{
		ID: ct.ID, State: CTState(p.w.CTInfo), Status: ct.Status, Mark: ct.Mark,
		Zone: ct.Zone, Timeout: ct.Timeout, Labels: ct.Labels, Raw: ct.Raw,
	}, true
}

// Attribute is a raw netlink attribute.
type Attribute struct {
	Type uint16
	Data []byte
}

// Unknown returns the attributes this package does not decode, raw and
// borrowed, in message order. It allocates the returned slice.
func (p *Packet) Unknown() []Attribute {
	if len(p.w.Unknown) == 0 {
		return nil
	}
	out := make([]Attribute, len(p.w.Unknown))
	for i, a := range p.w.Unknown {
		out[i] = Attribute{a.Type, a.Data}
	}
	return out
}

// SetMark makes the verdict set the packet mark.
func (p *Packet) SetMark(mark uint32) {
	p.mods.Set |= wire.SetMark
	p.mods.Mark = mark
}

// SetConnMark makes the verdict set the connection's mark (the packet
// must be tracked by conntrack).
func (p *Packet) SetConnMark(mark uint32) {
	p.mods.Set |= wire.SetConnMark
	p.mods.ConnMark = mark
}

// SetLabels makes the verdict set conntrack labels (a bitmap of up to 128
// bits); mask, when not nil, selects the bits to change.
func (p *Packet) SetLabels(labels, mask []byte) {
	p.mods.Set |= wire.SetLabels
	p.mods.Labels, p.mods.LabelsMask = labels, mask
}

// SetPriority makes the verdict set skb->priority.
func (p *Packet) SetPriority(prio uint32) {
	p.mods.Set |= wire.SetPriority
	p.mods.Priority = prio
}

// SetPayload makes the verdict replace the packet with b (from the network
// header on). The kernel does not fix checksums: see FixChecksums. b is
// copied when the handler returns; it must stay unchanged until then.
func (p *Packet) SetPayload(b []byte) {
	p.mods.Set |= wire.SetPayload
	p.mods.Payload = b
}

// ParsePacket decodes a raw NFQNL_MSG_PACKET netlink message (header
// included) into a new Packet that owns copies of its bytes. It serves
// tests and tools; Run decodes without allocating.
func ParsePacket(msg []byte) (*Packet, error) {
	p := &Packet{}
	if err := wire.DecodePacket(&p.w, append([]byte(nil), msg...)); err != nil {
		return nil, err
	}
	return p, nil
}

// clone deep-copies p, so that it outlives the receive buffer.
func (p *Packet) clone() *Packet {
	c := &Packet{w: p.w, mods: p.mods, q: p.q}
	buf := make([]byte, 0, len(p.w.Payload)+len(p.w.HWAddr)+len(p.w.SecCtx)+len(p.w.L2Hdr)+len(p.w.Exp)+len(p.w.CT.Raw))
	cp := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		start := len(buf)
		buf = append(buf, b...)
		return buf[start:len(buf):len(buf)]
	}
	c.w.Payload, c.w.HWAddr, c.w.SecCtx = cp(p.w.Payload), cp(p.w.HWAddr), cp(p.w.SecCtx)
	c.w.L2Hdr, c.w.Exp = cp(p.w.L2Hdr), cp(p.w.Exp)
	c.w.CT.Raw = cp(p.w.CT.Raw)
	if p.w.CT.Labels != nil {
		c.w.CT.Labels = append([]byte(nil), p.w.CT.Labels...)
	}
	c.w.Unknown = nil
	for _, a := range p.w.Unknown {
		c.w.Unknown = append(c.w.Unknown, wire.Attr{Type: a.Type, Data: append([]byte(nil), a.Data...)})
	}
	if p.mods.Set&wire.SetPayload != 0 {
		c.mods.Payload = append([]byte(nil), p.mods.Payload...)
	}
	return c
}
