// Package wire encodes and decodes the nfnetlink_queue messages exchanged
// with the kernel: the packet message (NFQNL_MSG_PACKET), verdicts
// (NFQNL_MSG_VERDICT, NFQNL_MSG_VERDICT_BATCH) and configuration
// (NFQNL_MSG_CONFIG).
//
// The layouts are those of the uapi headers <linux/netlink.h>,
// <linux/netfilter/nfnetlink.h>, <linux/netfilter/nfnetlink_queue.h> and
// <linux/netfilter/nfnetlink_conntrack.h>. Netlink and attribute headers are
// native-endian; nfnetlink attribute payloads are big-endian.
//
// Decoders check every length, never panic, and do not allocate: decoded
// slices alias the input buffer. Encoders append to a caller's buffer and
// are pure functions.
package wire
