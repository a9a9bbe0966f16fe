package wire

// VerdictAttrs are the optional attributes of a single verdict.
type VerdictAttrs struct {
	Set        VerdictSet
	Mark       uint32 // NFQA_MARK
	Priority   uint32 // NFQA_PRIORITY
	ConnMark   uint32 // NFQA_CT / CTA_MARK
	Labels     []byte // NFQA_CT / CTA_LABELS
	LabelsMask []byte // NFQA_CT / CTA_LABELS_MASK
	Payload    []byte // NFQA_PAYLOAD
}

// VerdictSet says which VerdictAttrs fields are to be sent.
type VerdictSet uint8

// Bits of VerdictSet.
const (
	SetMark VerdictSet = 1 << iota
	SetPriority
	SetConnMark
	SetLabels
	SetPayload
)

// AppendVerdict appends an NFQNL_MSG_VERDICT for packet id of queue num.
// The netlink sequence number is the packet id, so that an error the kernel
// returns can be tied back to the packet. No NLM_F_ACK is requested: the
// kernel reports failures anyway.
func AppendVerdict(b []byte, num uint16, id, verdict uint32, a *VerdictAttrs) []byte {
	b, off := beginMsg(b, MsgVerdict, FlagRequest, id, 0, num)
	b = appendVerdictHdr(b, verdict, id)
	if a != nil && a.Set != 0 {
		if a.Set&SetMark != 0 {
			b = appendU32Attr(b, AttrMark, a.Mark)
		}
		if a.Set&SetPriority != 0 {
			b = appendU32Attr(b, AttrPriority, a.Priority)
		}
		if a.Set&(SetConnMark|SetLabels) != 0 {
			var n int
			b, n = beginNested(b, AttrCT)
			if a.Set&SetConnMark != 0 {
				b = appendU32Attr(b, ctaMark, a.ConnMark)
			}
			if a.Set&SetLabels != 0 {
				b = appendAttr(b, ctaLabels, a.Labels)
				if a.LabelsMask != nil {
					b = appendAttr(b, ctaLabelsMask, a.LabelsMask)
				}
			}
			b = endNested(b, n)
		}
		if a.Set&SetPayload != 0 {
			b = appendAttr(b, AttrPayload, a.Payload)
		}
	}
	return endMsg(b, off)
}

// AppendBatchVerdict appends an NFQNL_MSG_VERDICT_BATCH: the kernel applies
// verdict (and the mark, when setMark) to every packet still queued whose
// id is not after id.
func AppendBatchVerdict(b []byte, num uint16, id, verdict uint32, setMark bool, mark uint32) []byte {
	b, off := beginMsg(b, MsgVerdictBatch, FlagRequest, id, 0, num)
	b = appendVerdictHdr(b, verdict, id)
	if setMark {
		b = appendU32Attr(b, AttrMark, mark)
	}
	return endMsg(b, off)
}

// struct nfqnl_msg_verdict_hdr: be32 verdict, be32 id.
func appendVerdictHdr(b []byte, verdict, id uint32) []byte {
	b = ne.AppendUint16(b, attrHdrLen+8)
	b = ne.AppendUint16(b, AttrVerdictHdr)
	b = be.AppendUint32(b, verdict)
	return be.AppendUint32(b, id)
}

// Config is one NFQNL_MSG_CONFIG request. Zero fields are left out.
type Config struct {
	Cmd        uint8  // NFQNL_CFG_CMD_*; CmdNone sends no NFQA_CFG_CMD
	SetParams  bool   // send NFQA_CFG_PARAMS
	CopyMode   uint8  // enum nfqnl_config_mode
	CopyRange  uint32 // bytes
	MaxLen     uint32 // NFQA_CFG_QUEUE_MAXLEN when non-zero
	FlagsMask  uint32 // NFQA_CFG_MASK, sent with FlagsValue when non-zero
	FlagsValue uint32 // NFQA_CFG_FLAGS
}

// AppendConfig appends an NFQNL_MSG_CONFIG for queue num with NLM_F_ACK,
// so that the kernel answers with an NLMSG_ERROR carrying the errno (0 on
// success).
func AppendConfig(b []byte, num uint16, seq uint32, c *Config) []byte {
	b, off := beginMsg(b, MsgConfig, FlagRequest|FlagAck, seq, 0, num)
	if c.Cmd != CmdNone {
		// struct nfqnl_msg_config_cmd: u8 command, u8 pad, be16 pf
		b = appendAttr(b, attrCfgCmd, []byte{c.Cmd, 0, 0, 0})
	}
	if c.SetParams {
		// struct nfqnl_msg_config_params (packed): be32 copy_range, u8 copy_mode
		var p [5]byte
		be.PutUint32(p[:], c.CopyRange)
		p[4] = c.CopyMode
		b = appendAttr(b, attrCfgParams, p[:])
	}
	if c.MaxLen != 0 {
		b = appendU32Attr(b, attrCfgMaxLen, c.MaxLen)
	}
	if c.FlagsMask != 0 {
		b = appendU32Attr(b, attrCfgMask, c.FlagsMask)
		b = appendU32Attr(b, attrCfgFlags, c.FlagsValue)
	}
	return endMsg(b, off)
}
