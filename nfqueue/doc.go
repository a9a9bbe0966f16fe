// Package nfqueue receives packets from the kernel's NFQUEUE target and
// gives them verdicts, in pure Go.
//
// A rule sends packets to a numbered queue:
//
//	iptables -A INPUT -p udp --dport 5001 -j NFQUEUE --queue-num 0
//	nft add rule inet filter input udp dport 5001 queue num 0
//
// A program binds the queue with [Open] and runs a [Handler] on every
// packet with [Queue.Run]; the handler returns a [Verdict] (Accept, Drop,
// Repeat, Stop or [Requeue] to another queue), optionally changing the
// packet's mark, connmark, conntrack labels, priority or payload first
// (Packet.SetMark and friends). A handler may keep a packet with
// [Packet.Defer] and give its verdict later from any goroutine. Without a
// bound queue the kernel drops the packets (or accepts them with
// --queue-bypass).
//
// # Privileges
//
// Binding a queue needs CAP_NET_ADMIN in the network namespace that owns
// it. Adding the rule needs the same. Reading the statistics in
// /proc/net/netfilter/nfnetlink_queue does not.
//
// # Namespaces
//
// Queues belong to a network namespace: a rule in one namespace feeds only
// a queue bound in the same namespace. [Config].NetNS opens the queue's
// socket in another namespace given by a file descriptor (such as one from
// /run/netns/NAME); [ReadStats] takes the same descriptor. Code that
// follows the rule of thumb of this project runs tests and demos only in
// namespaces it creates.
//
// # Concurrency
//
// Run calls the handler on one goroutine, one packet at a time: this is
// what makes zero-allocation decoding and batched verdicts possible. To
// use several cores, bind several queues (--queue-balance A:B or
// --queue-cpu-fanout) and run them with [OpenRange] and [Range.Run], one
// goroutine each. [Deferred] verdicts may be given from any goroutine.
// Counters and Stats may be read at any time.
//
// # Speed
//
// Packets are read into a reused buffer and decoded without allocation;
// the packet's slices are borrowed until the handler returns. Verdicts for
// runs of consecutive packets with the same plain verdict (and mark) are
// sent as one NFQNL_MSG_VERDICT_BATCH, and all verdicts of a receive round
// go out in one sendmsg, without NLM_F_ACK (the kernel reports failures
// anyway, and they are tied back to the packet id). The receive buffer is
// set with SO_RCVBUFFORCE, and overruns are suppressed with
// NETLINK_NO_ENOBUFS and counted from /proc. Config.SpinWait and
// Config.VerdictDelay trade CPU and latency for throughput.
//
// # Safety
//
// A handler that panics, returns an invalid verdict (such as NF_STOLEN) or
// misses Config.Deadline gets Config.DefaultVerdict, and the failure is
// reported to Config.OnError and the logger. When Run's context ends it
// stops reading, gives verdicts to every packet it holds (including those
// already waiting in the socket and deferred ones), and only then unbinds:
// the kernel drops what is queued at unbind.
//
// # Kernel versions
//
// The protocol is that of Linux 3.8 and later (batch verdicts since 3.1,
// GSO and uid/gid flags since 3.8/3.13, secctx since 4.4, VLAN and L2
// header since 4.7, NFQA_PRIORITY since 6.x). Config.Conntrack needs
// CONFIG_NETFILTER_NETLINK_GLUE_CT; without it binding fails with
// EOPNOTSUPP, and connmark or labels verdicts have no effect.
package nfqueue
