package nfqueue

import "fmt"

// Hook is the netfilter hook a packet was queued from (enum
// nf_inet_hooks; bridge and netdev hooks use the same numbers).
type Hook uint8

// Hooks.
const (
	HookPreRouting  Hook = 0 // NF_INET_PRE_ROUTING (NF_NETDEV_INGRESS for netdev)
	HookLocalIn     Hook = 1 // NF_INET_LOCAL_IN (NF_NETDEV_EGRESS for netdev)
	HookForward     Hook = 2 // NF_INET_FORWARD
	HookLocalOut    Hook = 3 // NF_INET_LOCAL_OUT
	HookPostRouting Hook = 4 // NF_INET_POST_ROUTING
)

var hookNames = [...]string{"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}

// String returns the iptables chain name of the hook.
func (h Hook) String() string {
	if int(h) < len(hookNames) {
		return hookNames[h]
	}
	return fmt.Sprintf("Hook(%d)", uint8(h))
}

// Family is the netfilter protocol family of a packet (NFPROTO_*).
type Family uint8

// Families.
const (
	FamilyUnspec Family = 0  // NFPROTO_UNSPEC
	FamilyINet   Family = 1  // NFPROTO_INET
	FamilyIPv4   Family = 2  // NFPROTO_IPV4
	FamilyARP    Family = 3  // NFPROTO_ARP
	FamilyNetdev Family = 5  // NFPROTO_NETDEV
	FamilyBridge Family = 7  // NFPROTO_BRIDGE
	FamilyIPv6   Family = 10 // NFPROTO_IPV6
)

// String returns the nft name of the family.
func (f Family) String() string {
	switch f {
	case FamilyUnspec:
		return "unspec"
	case FamilyINet:
		return "inet"
	case FamilyIPv4:
		return "ipv4"
	case FamilyARP:
		return "arp"
	case FamilyNetdev:
		return "netdev"
	case FamilyBridge:
		return "bridge"
	case FamilyIPv6:
		return "ipv6"
	}
	return fmt.Sprintf("Family(%d)", uint8(f))
}

// CopyMode says how much of each packet the kernel copies to user space
// (enum nfqnl_config_mode).
type CopyMode uint8

// Copy modes.
const (
	CopyNone   CopyMode = 0 // NFQNL_COPY_NONE: the kernel treats it as CopyMeta
	CopyMeta   CopyMode = 1 // NFQNL_COPY_META: metadata only, no payload
	CopyPacket CopyMode = 2 // NFQNL_COPY_PACKET: metadata and payload up to the copy range
)

// String returns "none", "meta" or "packet".
func (m CopyMode) String() string {
	switch m {
	case CopyNone:
		return "none"
	case CopyMeta:
		return "meta"
	case CopyPacket:
		return "packet"
	}
	return fmt.Sprintf("CopyMode(%d)", uint8(m))
}

// CTState is the conntrack state of a packet (enum ip_conntrack_info,
// carried in NFQA_CT_INFO).
type CTState uint32

// Conntrack states.
const (
	CTEstablished      CTState = 0 // IP_CT_ESTABLISHED
	CTRelated          CTState = 1 // IP_CT_RELATED
	CTNew              CTState = 2 // IP_CT_NEW
	CTEstablishedReply CTState = 3 // IP_CT_ESTABLISHED_REPLY
	CTRelatedReply     CTState = 4 // IP_CT_RELATED_REPLY
	CTNewReply         CTState = 5 // IP_CT_NEW_REPLY (IP_CT_NUMBER)
	CTUntracked        CTState = 7 // IP_CT_UNTRACKED
)

// String returns the conntrack(8) style state name.
func (s CTState) String() string {
	switch s {
	case CTEstablished:
		return "ESTABLISHED"
	case CTRelated:
		return "RELATED"
	case CTNew:
		return "NEW"
	case CTEstablishedReply:
		return "ESTABLISHED_REPLY"
	case CTRelatedReply:
		return "RELATED_REPLY"
	case CTNewReply:
		return "NEW_REPLY"
	case CTUntracked:
		return "UNTRACKED"
	}
	return fmt.Sprintf("CTState(%d)", uint32(s))
}

// IsReply reports whether the packet travels in the reply direction.
func (s CTState) IsReply() bool { return s >= CTEstablishedReply && s <= CTNewReply }

// SkbInfo holds the NFQA_SKB_INFO flags.
type SkbInfo uint32

// SkbInfo flags.
const (
	// SkbCsumNotReady (NFQA_SKB_CSUMNOTREADY): the checksum is left for
	// offload; the packet's checksum field is not final, and that is fine.
	SkbCsumNotReady SkbInfo = 1 << 0
	// SkbGSO (NFQA_SKB_GSO): a GSO packet, larger than the device MTU.
	SkbGSO SkbInfo = 1 << 1
	// SkbCsumNotVerified (NFQA_SKB_CSUM_NOTVERIFIED): the checksum was not
	// validated by the device.
	SkbCsumNotVerified SkbInfo = 1 << 2
)

// String lists the set flags.
func (s SkbInfo) String() string {
	out := ""
	add := func(f SkbInfo, n string) {
		if s&f != 0 {
			if out != "" {
				out += "|"
			}
			out += n
		}
	}
	add(SkbCsumNotReady, "csum-not-ready")
	add(SkbGSO, "gso")
	add(SkbCsumNotVerified, "csum-not-verified")
	if rest := s &^ 7; rest != 0 {
		add(rest, fmt.Sprintf("%#x", uint32(rest)))
	}
	if out == "" {
		return "none"
	}
	return out
}
