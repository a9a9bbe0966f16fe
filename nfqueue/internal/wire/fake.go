package wire

// This file holds the encoders a fake kernel needs (the kernel's side of
// the protocol), used by tests of the layers above.

// AppendPacket appends an NFQNL_MSG_PACKET as the kernel would send it for
// packet id of queue num: NFQA_PACKET_HDR, NFQA_MARK when mark is not
// zero, and NFQA_PAYLOAD.
func AppendPacket(b []byte, family uint8, num uint16, id uint32, hwProto uint16, hook uint8, mark uint32, payload []byte) []byte {
	b, off := beginMsg(b, MsgPacket, 0, 0, family, num)
	var hdr [7]byte // struct nfqnl_msg_packet_hdr, packed
	be.PutUint32(hdr[:], id)
	be.PutUint16(hdr[4:], hwProto)
	hdr[6] = hook
	b = appendAttr(b, AttrPacketHdr, hdr[:])
	if mark != 0 {
		b = appendU32Attr(b, AttrMark, mark)
	}
	b = appendAttr(b, AttrPayload, payload)
	return endMsg(b, off)
}

// AppendError appends an NLMSG_ERROR answering the request whose header
// is req; errno is positive, 0 for an acknowledgement.
func AppendError(b []byte, errno int32, req Header) []byte {
	off := len(b)
	b = ne.AppendUint32(b, 0)
	b = ne.AppendUint16(b, nlmsgError)
	b = ne.AppendUint16(b, 0)
	b = ne.AppendUint32(b, req.Seq)
	b = ne.AppendUint32(b, req.PID)
	b = ne.AppendUint32(b, uint32(-errno))
	b = ne.AppendUint32(b, req.Len)
	b = ne.AppendUint16(b, req.Type)
	b = ne.AppendUint16(b, req.Flags)
	b = ne.AppendUint32(b, req.Seq)
	b = ne.AppendUint32(b, req.PID)
	return endMsg(b, off)
}

// Verdict is a decoded verdict message, the kernel's view.
type Verdict struct {
	Batch   bool
	Queue   uint16
	ID      uint32
	Verdict uint32
	Attrs   VerdictAttrs
}

// DecodeVerdict decodes an NFQNL_MSG_VERDICT or NFQNL_MSG_VERDICT_BATCH.
func DecodeVerdict(msg []byte) (Verdict, error) {
	var v Verdict
	if len(msg) < NlmsgHdrLen+nfgenHdrLen {
		return v, ErrShort
	}
	switch ne.Uint16(msg[4:]) {
	case MsgVerdict:
	case MsgVerdictBatch:
		v.Batch = true
	default:
		return v, ErrNotPacket
	}
	v.Queue = be.Uint16(msg[NlmsgHdrLen+2:])
	it := attrIter{b: msg[NlmsgHdrLen+nfgenHdrLen:]}
	seenHdr := false
	for it.next() {
		switch it.typ {
		case AttrVerdictHdr:
			if len(it.val) < 8 {
				return v, ErrAttrSize
			}
			v.Verdict, v.ID, seenHdr = be.Uint32(it.val), be.Uint32(it.val[4:]), true
		case AttrMark:
			v.Attrs.Set |= SetMark
			v.Attrs.Mark, _ = u32(it.val)
		case AttrPriority:
			v.Attrs.Set |= SetPriority
			v.Attrs.Priority, _ = u32(it.val)
		case AttrPayload:
			v.Attrs.Set |= SetPayload
			v.Attrs.Payload = it.val
		case AttrCT:
			ct := attrIter{b: it.val}
			for ct.next() {
				switch ct.typ {
				case ctaMark:
					v.Attrs.Set |= SetConnMark
					v.Attrs.ConnMark, _ = u32(ct.val)
				case ctaLabels:
					v.Attrs.Set |= SetLabels
					v.Attrs.Labels = ct.val
				case ctaLabelsMask:
					v.Attrs.LabelsMask = ct.val
				}
			}
		}
	}
	if it.err != nil {
		return v, it.err
	}
	if !seenHdr {
		return v, ErrMissingAttr
	}
	return v, nil
}

// ConfigCmd returns the NFQA_CFG_CMD command of an NFQNL_MSG_CONFIG
// message, or CmdNone.
func ConfigCmd(msg []byte) uint8 {
	if len(msg) < NlmsgHdrLen+nfgenHdrLen {
		return CmdNone
	}
	it := attrIter{b: msg[NlmsgHdrLen+nfgenHdrLen:]}
	for it.next() {
		if it.typ == attrCfgCmd && len(it.val) >= 1 {
			return it.val[0]
		}
	}
	return CmdNone
}
