package wire

// Present bits of Packet.Present, one per optional attribute: bit n is set
// when attribute type n was in the message.
type Present uint32

// Has reports whether attribute typ was present.
func (p Present) Has(typ uint16) bool { return typ < 32 && p&(1<<typ) != 0 }

// CT is the subset of a conntrack entry (NFQA_CT, nested ctattr_type) that
// is decoded; Raw holds the whole nest.
type CT struct {
	Present Present // bits by CTA_* type
	ID      uint32  // CTA_ID
	Status  uint32  // CTA_STATUS (enum ip_conntrack_status bits)
	Mark    uint32  // CTA_MARK
	Timeout uint32  // CTA_TIMEOUT, seconds
	Zone    uint16  // CTA_ZONE
	Labels  []byte  // CTA_LABELS
	Raw     []byte
}

// Packet is a decoded NFQNL_MSG_PACKET. Slices alias the decoded buffer.
type Packet struct {
	Family  uint8  // nfgen_family
	Queue   uint16 // res_id
	Present Present

	// struct nfqnl_msg_packet_hdr
	ID         uint32
	HWProtocol uint16
	Hook       uint8

	Mark, InDev, OutDev, PhysInDev, PhysOutDev uint32
	CapLen, SkbInfo, UID, GID, CTInfo          uint32
	Priority, CgroupClassID                    uint32
	TimestampSec, TimestampUsec                uint64
	HWAddr                                     []byte
	Payload, SecCtx, L2Hdr, Exp                []byte
	VLANProto, VLANTCI                         uint16
	CT                                         CT

	// Unknown holds attributes this decoder does not know, raw. Its backing
	// array is reused from one decode to the next.
	Unknown []Attr
}

// DecodePacket decodes one netlink message (header included) into p,
// overwriting every field. It does not allocate unless the message carries
// more unknown attributes than p.Unknown has room for.
func DecodePacket(p *Packet, msg []byte) error {
	unknown := p.Unknown[:0]
	*p = Packet{Unknown: unknown}
	if len(msg) < NlmsgHdrLen+nfgenHdrLen {
		return ErrShort
	}
	if l := ne.Uint32(msg); l < NlmsgHdrLen+nfgenHdrLen || int(l) > len(msg) {
		return ErrBadLength
	} else {
		msg = msg[:l]
	}
	if ne.Uint16(msg[4:]) != MsgPacket {
		return ErrNotPacket
	}
	p.Family = msg[NlmsgHdrLen]
	p.Queue = be.Uint16(msg[NlmsgHdrLen+2:])
	it := attrIter{b: msg[NlmsgHdrLen+nfgenHdrLen:]}
	var err error
	for it.next() {
		v := it.val
		switch it.typ {
		case AttrPacketHdr:
			if len(v) < 7 {
				return ErrAttrSize
			}
			p.ID, p.HWProtocol, p.Hook = be.Uint32(v), be.Uint16(v[4:]), v[6]
		case AttrMark:
			p.Mark, err = u32(v)
		case AttrTimestamp:
			if len(v) < 16 {
				return ErrAttrSize
			}
			p.TimestampSec, p.TimestampUsec = be.Uint64(v), be.Uint64(v[8:])
		case AttrInDev:
			p.InDev, err = u32(v)
		case AttrOutDev:
			p.OutDev, err = u32(v)
		case AttrPhysInDev:
			p.PhysInDev, err = u32(v)
		case AttrPhysOutDev:
			p.PhysOutDev, err = u32(v)
		case AttrHWAddr:
			// struct nfqnl_msg_packet_hw: be16 len, u16 pad, u8 addr[8]
			if len(v) < 12 {
				return ErrAttrSize
			}
			p.HWAddr = v[4 : 4+min(int(be.Uint16(v)), 8)]
		case AttrPayload:
			p.Payload = v
		case AttrCT:
			err = decodeCT(&p.CT, v)
		case AttrCTInfo:
			p.CTInfo, err = u32(v)
		case AttrCapLen:
			p.CapLen, err = u32(v)
		case AttrSkbInfo:
			p.SkbInfo, err = u32(v)
		case AttrExp:
			p.Exp = v
		case AttrUID:
			p.UID, err = u32(v)
		case AttrGID:
			p.GID, err = u32(v)
		case AttrSecCtx:
			p.SecCtx = v
		case AttrVLAN:
			err = decodeVLAN(p, v)
		case AttrL2Hdr:
			p.L2Hdr = v
		case AttrPriority:
			p.Priority, err = u32(v)
		case AttrCgroupClassID:
			p.CgroupClassID, err = u32(v)
		default:
			p.Unknown = append(p.Unknown, Attr{Type: it.typ, Data: v})
			continue
		}
		if err != nil {
			return err
		}
		if it.typ < 32 {
			p.Present |= 1 << it.typ
		}
	}
	if it.err != nil {
		return it.err
	}
	if !p.Present.Has(AttrPacketHdr) {
		return ErrMissingAttr
	}
	return nil
}

func decodeVLAN(p *Packet, b []byte) error {
	it := attrIter{b: b}
	var err error
	for it.next() {
		switch it.typ {
		case attrVLANProto:
			p.VLANProto, err = u16(it.val)
		case attrVLANTCI:
			p.VLANTCI, err = u16(it.val)
		}
		if err != nil {
			return err
		}
	}
	return it.err
}

func decodeCT(ct *CT, b []byte) error {
	ct.Raw = b
	it := attrIter{b: b}
	var err error
	for it.next() {
		switch it.typ {
		case ctaID:
			ct.ID, err = u32(it.val)
		case ctaStatus:
			ct.Status, err = u32(it.val)
		case ctaMark:
			ct.Mark, err = u32(it.val)
		case ctaTimeout:
			ct.Timeout, err = u32(it.val)
		case ctaZone:
			ct.Zone, err = u16(it.val)
		case ctaLabels:
			ct.Labels = it.val
		default:
			continue
		}
		if err != nil {
			return err
		}
		if it.typ < 32 {
			ct.Present |= 1 << it.typ
		}
	}
	return it.err
}
