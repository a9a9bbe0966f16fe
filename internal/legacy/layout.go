package legacy

import (
	"encoding/binary"

	"github.com/nfkit/nfkit/internal/xsock"
	"github.com/nfkit/nfkit/xt"
)

// Byte order of every x_tables blob: the machine's own.
var ne = binary.NativeEndian

// Socket options (IPT_SO_* in linux/netfilter_ipv4/ip_tables.h).
const (
	soSetReplace     = 64 // IPT_SO_SET_REPLACE
	soSetAddCounters = 65 // IPT_SO_SET_ADD_COUNTERS
	soGetInfo        = 64 // IPT_SO_GET_INFO
	soGetEntries     = 65 // IPT_SO_GET_ENTRIES
	soGetRevMatch    = 66 // IPT_SO_GET_REVISION_MATCH
	soGetRevTarget   = 67 // IPT_SO_GET_REVISION_TARGET
)

// Sizes of names (linux/netfilter/x_tables.h).
const (
	tableNameLen     = 32                                  // XT_TABLE_MAXNAMELEN
	extNameLen       = 29                                  // XT_EXTENSION_MAXNAMELEN
	functionNameLen  = 30                                  // XT_FUNCTION_MAXNAMELEN: the ERROR target's name
	ifNameLen        = 16                                  // IFNAMSIZ
	numHooks         = 5                                   // NF_INET_NUMHOOKS
	counterSize      = 16                                  // struct xt_counters
	extHeaderSize    = 32                                  // struct xt_entry_match / xt_entry_target header
	standardSize     = extHeaderSize + 8                   // XT_ALIGN(sizeof(struct xt_standard_target))
	errorTargetSize  = extHeaderSize + 32                  // XT_ALIGN(sizeof(struct xt_error_target))
	getInfoSize      = tableNameLen + 4 + 4*2*numHooks + 8 // struct ipt_getinfo
	getEntriesHeader = 40                                  // struct ipt_get_entries without entrytable
	countersInfoHead = 40                                  // struct xt_counters_info without counters
	revisionSize     = extNameLen + 1                      // struct xt_get_revision
)

// struct ipt_entry (linux/netfilter_ipv4/ip_tables.h): offsets of its fields.
const (
	eSrc          = 0
	eDst          = 4
	eSmsk         = 8
	eDmsk         = 12
	eInIface      = 16
	eOutIface     = 32
	eInIfaceMask  = 48
	eOutIfaceMask = 64
	eProto        = 80
	eFlags        = 82
	eInvFlags     = 83
	eNfcache      = 84
	eTargetOffset = 88
	eNextOffset   = 90
	eComefrom     = 92
	ePackets      = 96
	eBytes        = 104
	entrySize     = 112 // sizeof(struct ipt_entry)

	// Whole entries libiptc writes around the rules.
	chainHeadSize = entrySize + errorTargetSize // ERROR entry naming a user chain
	chainFootSize = entrySize + standardSize    // policy or RETURN entry
)

// struct ipt_replace: offsets of its fields.
const (
	rName        = 0
	rValidHooks  = 32
	rNumEntries  = 36
	rSize        = 40
	rHookEntry   = 44
	rUnderflow   = 64
	rNumCounters = 84
	rCounters    = 88 // struct xt_counters __user *
	replaceSize  = 88 + xsock.PointerSize
)

// ipt_ip.flags and ipt_ip.invflags.
const (
	flagFrag = 0x01 // IPT_F_FRAG
	flagGoto = 0x02 // IPT_F_GOTO

	invIn    = 0x01 // IPT_INV_VIA_IN
	invOut   = 0x02 // IPT_INV_VIA_OUT
	invSrc   = 0x08 // IPT_INV_SRCIP
	invDst   = 0x10 // IPT_INV_DSTIP
	invFrag  = 0x20 // IPT_INV_FRAG
	invProto = 0x40 // XT_INV_PROTO
)

// Target names with a special meaning.
const (
	errorTarget = "ERROR" // XT_ERROR_TARGET
)

// hookOf returns the NF_INET_* hook number of a builtin chain name, or -1.
func hookOf(chain string) int {
	h := xt.HookOfChain(chain)
	for i := 0; i < numHooks; i++ {
		if h == 1<<i {
			return i
		}
	}
	return -1
}

// hookChain returns the builtin chain name of hook h (NF_INET_*).
func hookChain(h int) string {
	switch h {
	case 0:
		return "PREROUTING"
	case 1:
		return "INPUT"
	case 2:
		return "FORWARD"
	case 3:
		return "OUTPUT"
	case 4:
		return "POSTROUTING"
	}
	return ""
}

// cstring returns the NUL-terminated string at the start of b.
func cstring(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}
