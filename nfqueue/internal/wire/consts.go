package wire

// Netlink message header (struct nlmsghdr, <linux/netlink.h>).
const (
	NlmsgHdrLen = 16
	nfgenHdrLen = 4 // struct nfgenmsg, <linux/netfilter/nfnetlink.h>
	attrHdrLen  = 4 // struct nlattr

	nlmsgError = 0x2 // NLMSG_ERROR
	nlmsgDone  = 0x3 // NLMSG_DONE

	FlagRequest = 0x1 // NLM_F_REQUEST
	FlagAck     = 0x4 // NLM_F_ACK

	attrNested    = 0x8000 // NLA_F_NESTED
	attrByteOrder = 0x4000 // NLA_F_NET_BYTEORDER
	attrTypeMask  = 0x3fff // NLA_TYPE_MASK
)

// nfnetlink_queue message types: NFNL_SUBSYS_QUEUE (3) << 8 | NFQNL_MSG_*.
const (
	subsysQueue = 3 << 8

	//lint:ignore SA4016 spelled out like its siblings: NFQNL_MSG_PACKET is 0
	MsgPacket       = subsysQueue | 0 // NFQNL_MSG_PACKET
	MsgVerdict      = subsysQueue | 1 // NFQNL_MSG_VERDICT
	MsgConfig       = subsysQueue | 2 // NFQNL_MSG_CONFIG
	MsgVerdictBatch = subsysQueue | 3 // NFQNL_MSG_VERDICT_BATCH
)

// Packet and verdict attributes (enum nfqnl_attr_type).
const (
	AttrPacketHdr     = 1  // NFQA_PACKET_HDR
	AttrVerdictHdr    = 2  // NFQA_VERDICT_HDR
	AttrMark          = 3  // NFQA_MARK
	AttrTimestamp     = 4  // NFQA_TIMESTAMP
	AttrInDev         = 5  // NFQA_IFINDEX_INDEV
	AttrOutDev        = 6  // NFQA_IFINDEX_OUTDEV
	AttrPhysInDev     = 7  // NFQA_IFINDEX_PHYSINDEV
	AttrPhysOutDev    = 8  // NFQA_IFINDEX_PHYSOUTDEV
	AttrHWAddr        = 9  // NFQA_HWADDR
	AttrPayload       = 10 // NFQA_PAYLOAD
	AttrCT            = 11 // NFQA_CT
	AttrCTInfo        = 12 // NFQA_CT_INFO
	AttrCapLen        = 13 // NFQA_CAP_LEN
	AttrSkbInfo       = 14 // NFQA_SKB_INFO
	AttrExp           = 15 // NFQA_EXP
	AttrUID           = 16 // NFQA_UID
	AttrGID           = 17 // NFQA_GID
	AttrSecCtx        = 18 // NFQA_SECCTX
	AttrVLAN          = 19 // NFQA_VLAN
	AttrL2Hdr         = 20 // NFQA_L2HDR
	AttrPriority      = 21 // NFQA_PRIORITY
	AttrCgroupClassID = 22 // NFQA_CGROUP_CLASSID (newer kernels; absent from older uapi headers)
)

// VLAN nested attributes (enum nfqnl_vlan_attr).
const (
	attrVLANProto = 1 // NFQA_VLAN_PROTO
	attrVLANTCI   = 2 // NFQA_VLAN_TCI
)

// Conntrack nested attributes used here (enum ctattr_type,
// <linux/netfilter/nfnetlink_conntrack.h>).
const (
	ctaStatus     = 3  // CTA_STATUS
	ctaTimeout    = 7  // CTA_TIMEOUT
	ctaMark       = 8  // CTA_MARK
	ctaID         = 12 // CTA_ID
	ctaZone       = 18 // CTA_ZONE
	ctaLabels     = 22 // CTA_LABELS
	ctaLabelsMask = 23 // CTA_LABELS_MASK
)

// Configuration attributes (enum nfqnl_attr_config).
const (
	attrCfgCmd    = 1 // NFQA_CFG_CMD
	attrCfgParams = 2 // NFQA_CFG_PARAMS
	attrCfgMaxLen = 3 // NFQA_CFG_QUEUE_MAXLEN
	attrCfgMask   = 4 // NFQA_CFG_MASK
	attrCfgFlags  = 5 // NFQA_CFG_FLAGS
)

// Configuration commands (enum nfqnl_msg_config_cmds).
const (
	CmdNone   = 0 // NFQNL_CFG_CMD_NONE
	CmdBind   = 1 // NFQNL_CFG_CMD_BIND
	CmdUnbind = 2 // NFQNL_CFG_CMD_UNBIND
)
