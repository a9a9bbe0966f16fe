package nfqueue

import (
	"log/slog"
	"time"
)

// Config configures a queue. A nil *Config, and the zero value of every
// field, selects the defaults documented on the field; they are those of
// large deployments (GSO on, ENOBUFS suppressed but counted).
type Config struct {
	// Num is the queue number, 0–65535, as in --queue-num. Zero value:
	// queue 0.
	Num uint16

	// MaxLen is the most packets the kernel holds waiting for a verdict
	// (NFQA_CFG_QUEUE_MAXLEN); beyond it packets are dropped, or accepted
	// with FailOpen. Zero value: 4096.
	MaxLen uint32

	// CopyMode is how much of each packet is copied to user space. Zero
	// value (CopyNone, which the kernel treats as meta): CopyPacket.
	CopyMode CopyMode

	// CopyRange caps the payload bytes copied per packet in CopyPacket
	// mode; a longer packet arrives truncated (Packet.Truncated). Zero
	// value: 65535, the kernel's maximum.
	CopyRange uint32

	// FailOpen accepts packets when the queue is full instead of dropping
	// them (NFQA_CFG_F_FAIL_OPEN). Zero value: off.
	FailOpen bool

	// Conntrack asks for each packet's conntrack entry (NFQA_CFG_F_CONNTRACK),
	// decoded in Packet.Conntrack. It loads nf_conntrack_netlink. Zero
	// value: off.
	Conntrack bool

	// NoGSO clears NFQA_CFG_F_GSO. With GSO (the zero value) the kernel
	// hands over GSO packets whole and leaves checksums to offload, instead
	// of segmenting and checksumming each packet before queueing it.
	NoGSO bool

	// UIDGID asks for the owning socket's uid and gid (NFQA_CFG_F_UID_GID).
	// Zero value: off.
	UIDGID bool

	// SecCtx asks for the security context (NFQA_CFG_F_SECCTX). Zero value:
	// off.
	SecCtx bool

	// ReadBuffer is the socket receive buffer in bytes, set with
	// SO_RCVBUFFORCE (falling back to SO_RCVBUF without CAP_NET_ADMIN).
	// Zero value: 8 MiB.
	ReadBuffer int

	// ReportENOBUFS turns off NETLINK_NO_ENOBUFS. By default (false) the
	// kernel does not report receive buffer overruns to the socket; the
	// packets lost that way are counted in Stats.UserDropped. With
	// ReportENOBUFS a read that returns ENOBUFS is counted in
	// Counters.ENOBUFS and reading goes on.
	ReportENOBUFS bool

	// NetNS is a network namespace file descriptor to open the queue in.
	// Zero value: the namespace of the calling thread.
	NetNS int

	// Logger receives error reports (handler panics, verdict errors).
	// Zero value (nil): nothing is logged.
	Logger *slog.Logger

	// OnError, when set, is called with every error that Run survives:
	// handler failures (wrapping ErrHandler) and kernel errors tied to a
	// verdict (an *OpError naming the packet). It is called from the Run
	// goroutine or the deadline watchdog, and must not block. Zero value:
	// errors are only logged and counted.
	OnError func(error)

	// DefaultVerdict is given to a packet whose handler panicked, returned
	// an invalid verdict or missed Deadline, and to packets still held
	// (deferred) when Run ends. Zero value: Drop.
	DefaultVerdict Verdict

	// Deadline is the time a handler has for one packet. When it is
	// exceeded the packet gets DefaultVerdict (within 1.5×Deadline) and
	// the verdict the handler returns later is discarded. Zero value: no
	// deadline.
	Deadline time.Duration

	// SpinWait is how long Run keeps polling the socket without sleeping
	// once it has run dry, before it parks in the poller. Spinning costs
	// a CPU but spares the kernel a wake-up per packet, which is what
	// limits throughput when the reader keeps up. Zero value: no spinning.
	SpinWait time.Duration

	// BatchSize is the most packets whose verdicts are sent together.
	// Verdicts are also sent whenever the socket has nothing more to read
	// (see VerdictDelay). Zero value: 128.
	BatchSize int

	// VerdictDelay lets the verdicts of a partial batch wait up to this
	// long for more packets, polling the socket meanwhile, so that fewer
	// and larger verdict messages are sent. It adds that much latency.
	// Zero value: verdicts are sent as soon as the socket is empty.
	VerdictDelay time.Duration
}

// Defaults applied by withDefaults.
const (
	defaultMaxLen     = 4096
	defaultCopyRange  = 0xffff
	defaultReadBuffer = 8 << 20
	defaultBatchSize  = 128
	maxBatchSize      = 4096
)

// withDefaults returns a copy of c with zero fields replaced by defaults;
// it never modifies c.
func (c *Config) withDefaults() Config {
	var out Config
	if c != nil {
		out = *c
	}
	if out.MaxLen == 0 {
		out.MaxLen = defaultMaxLen
	}
	if out.CopyMode == CopyNone {
		out.CopyMode = CopyPacket
	}
	if out.CopyRange == 0 || out.CopyRange > defaultCopyRange {
		out.CopyRange = defaultCopyRange
	}
	if out.ReadBuffer <= 0 {
		out.ReadBuffer = defaultReadBuffer
	}
	if out.BatchSize <= 0 {
		out.BatchSize = defaultBatchSize
	}
	out.BatchSize = min(out.BatchSize, maxBatchSize)
	if out.Logger == nil {
		out.Logger = slog.New(slog.DiscardHandler)
	}
	return out
}

// Queue configuration flags (NFQA_CFG_F_*).
const (
	cfgFailOpen  = 1 << 0 // NFQA_CFG_F_FAIL_OPEN
	cfgConntrack = 1 << 1 // NFQA_CFG_F_CONNTRACK
	cfgGSO       = 1 << 2 // NFQA_CFG_F_GSO
	cfgUIDGID    = 1 << 3 // NFQA_CFG_F_UID_GID
	cfgSecCtx    = 1 << 4 // NFQA_CFG_F_SECCTX
	cfgAll       = 1<<5 - 1
)

// flags returns the NFQA_CFG_FLAGS value of c.
func (c *Config) flags() uint32 {
	var f uint32
	set := func(on bool, bit uint32) {
		if on {
			f |= bit
		}
	}
	set(c.FailOpen, cfgFailOpen)
	set(c.Conntrack, cfgConntrack)
	set(!c.NoGSO, cfgGSO)
	set(c.UIDGID, cfgUIDGID)
	set(c.SecCtx, cfgSecCtx)
	return f
}
