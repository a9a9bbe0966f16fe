package nfqueue

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// Queue is a bound NFQUEUE queue: a live handle, created by Open and
// released by Close.
type Queue struct {
	cfg    Config
	t      transport
	portID uint32
	names  *nameCache
	stats  func() ([]Stats, error)

	ctr   counters
	state atomic.Uint64 // handler state word, see runner.call
	held  heldSet
	seq   atomic.Uint32 // sequence numbers of config requests

	running  atomic.Bool
	finished atomic.Bool // Run has drained and unbound
	closed   atomic.Bool
	closeMu  sync.Mutex
	runDone  chan struct{}

	early [][]byte // packet messages that arrived while binding
	nsfd  int      // the queue's namespace (Config.NetNS or one held by Open)
}

// Open binds a queue as cfg says (nil means all defaults). It needs
// CAP_NET_ADMIN in the namespace. When the queue is taken, the error wraps
// ErrQueueBusy and names the netlink port that holds it.
func Open(cfg *Config) (*Queue, error) {
	c := cfg.withDefaults()
	// Remember the namespace, so that statistics and interface names come
	// from it whichever thread asks later.
	nsfd, err := holdNetNS(c.NetNS)
	if err != nil {
		return nil, err
	}
	t, pid, err := openTransport(&c)
	if err != nil {
		releaseNetNS(nsfd, c.NetNS)
		return nil, err
	}
	q := newQueue(c, t, pid)
	q.nsfd = nsfd
	q.stats = func() ([]Stats, error) { return ReadStats(nsfd) }
	q.names = newNameCache(nsfd)
	if err := q.bind(); err != nil {
		t.close()
		releaseNetNS(nsfd, c.NetNS)
		return nil, err
	}
	return q, nil
}

func newQueue(c Config, t transport, pid uint32) *Queue {
	q := &Queue{cfg: c, t: t, portID: pid, runDone: make(chan struct{})}
	q.state.Store(stIdle)
	q.held.m = make(map[uint32]*Deferred)
	if q.names == nil {
		q.names = newNameCache(c.NetNS)
	}
	return q
}

// Num returns the queue number.
func (q *Queue) Num() uint16 { return q.cfg.Num }

// PortID returns the netlink port id of the queue's socket, the "port id"
// column of Stats.
func (q *Queue) PortID() uint32 { return q.portID }

// Config returns the configuration in effect, defaults filled in.
func (q *Queue) Config() Config { return q.cfg }

func (q *Queue) bind() error {
	c := &wire.Config{
		Cmd:        wire.CmdBind,
		SetParams:  true,
		CopyMode:   uint8(q.cfg.CopyMode),
		CopyRange:  q.cfg.CopyRange,
		MaxLen:     q.cfg.MaxLen,
		FlagsMask:  cfgAll,
		FlagsValue: q.cfg.flags(),
	}
	var err error
	// EAGAIN means the kernel is loading nf_conntrack_netlink for
	// Config.Conntrack: try again.
	for try := 0; try < 20; try++ {
		err = q.request(c, q.keepEarly)
		if !errors.Is(err, syscall.EAGAIN) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err == nil {
		return nil
	}
	op := &OpError{Op: "bind", Queue: q.cfg.Num, Err: err}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EPERM, syscall.EBUSY:
			if st, serr := q.stats(); serr == nil {
				for _, s := range st {
					if s.Queue == q.cfg.Num && s.PortID != q.portID {
						op.Detail = fmt.Sprintf("queue %d is already bound by netlink port %d", s.Queue, s.PortID)
						return fmt.Errorf("%w: %w", ErrQueueBusy, op)
					}
				}
			}
			if errno == syscall.EPERM {
				op.Detail = "binding needs CAP_NET_ADMIN in the queue's network namespace"
			}
		case syscall.EOPNOTSUPP:
			op.Detail = "the kernel does not support a requested flag"
			switch {
			case q.cfg.Conntrack:
				op.Detail = "Config.Conntrack needs a kernel with CONFIG_NETFILTER_NETLINK_GLUE_CT"
			case q.cfg.SecCtx:
				op.Detail = "Config.SecCtx needs a kernel with CONFIG_NETWORK_SECMARK"
			}
		case syscall.EINVAL:
			op.Detail = "invalid queue parameters"
		}
	}
	return op
}

// keepEarly stores a copy of a packet message read while waiting for an
// acknowledgement, for Run to handle first.
func (q *Queue) keepEarly(msg []byte) {
	q.early = append(q.early, append([]byte(nil), msg...))
}

// request sends one configuration message and waits (up to 2 s) for its
// acknowledgement, passing packet messages that arrive meanwhile to
// onPacket. It returns the errno of a negative acknowledgement.
func (q *Queue) request(c *wire.Config, onPacket func(msg []byte)) error {
	seq := q.seq.Add(1) | 1<<31 // never collides with ids used as verdict seqs in practice
	if err := q.t.send(wire.AppendConfig(nil, q.cfg.Num, seq, c)); err != nil {
		return err
	}
	buf := make([]byte, 128<<10)
	lens := make([]int, 16)
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		n, _, err := q.t.recv(buf, lens, 70<<10, false)
		if err != nil && !errors.Is(err, errENOBUFS) {
			return err
		}
		if n == 0 {
			time.Sleep(time.Millisecond)
			continue
		}
		off := 0
		for _, l := range lens[:n] {
			b := buf[off : off+l]
			off += l
			for len(b) > 0 {
				h, msg, rest, err := wire.SplitMessage(b)
				if err != nil {
					break
				}
				b = rest
				switch {
				case h.Type == wire.MsgPacket && onPacket != nil:
					onPacket(msg)
				case h.IsError():
					errno, req, _ := wire.ParseError(msg)
					if req.Seq != seq {
						q.verdictError(errno, req)
						continue
					}
					if errno != 0 {
						return syscall.Errno(errno)
					}
					return nil
				}
			}
		}
	}
	return fmt.Errorf("no acknowledgement from the kernel: %w", syscall.ETIMEDOUT)
}

// unbind detaches the queue; the kernel drops what is still queued, so
// the runner gives its verdicts first.
func (q *Queue) unbind(onPacket func([]byte)) error {
	err := q.request(&wire.Config{Cmd: wire.CmdUnbind}, onPacket)
	if err != nil {
		return &OpError{Op: "unbind", Queue: q.cfg.Num, Err: err}
	}
	return nil
}

// Close releases the queue. If Run is in progress it is stopped as if its
// context were cancelled (held packets get verdicts), and Close waits for
// it. Closing the socket unbinds the queue.
func (q *Queue) Close() error {
	q.closeMu.Lock()
	defer q.closeMu.Unlock()
	if q.closed.Swap(true) {
		return nil
	}
	if q.running.Load() {
		q.t.interrupt()
		<-q.runDone
	}
	err := q.t.close()
	releaseNetNS(q.nsfd, q.cfg.NetNS)
	return err
}

// Stats returns this queue's line of /proc/net/netfilter/nfnetlink_queue,
// read in the queue's namespace.
func (q *Queue) Stats() (Stats, error) {
	all, err := q.stats()
	if err != nil {
		return Stats{}, err
	}
	for _, s := range all {
		if s.Queue == q.cfg.Num {
			return s, nil
		}
	}
	return Stats{}, fmt.Errorf("nfqueue: queue %d not listed in %s", q.cfg.Num, procPath)
}

// Counters returns a snapshot of the queue's counters.
func (q *Queue) Counters() Counters { return q.ctr.snapshot() }

func (q *Queue) report(err error) {
	q.ctr.errors.Add(1)
	q.cfg.Logger.Warn("nfqueue", "queue", q.cfg.Num, "err", err)
	if q.cfg.OnError != nil {
		q.cfg.OnError(err)
	}
}

// verdictError reports an NLMSG_ERROR answering a verdict. Verdicts carry
// the packet id as their sequence number.
func (q *Queue) verdictError(errno int32, req wire.Header) {
	if errno == 0 {
		return
	}
	op := &OpError{Op: "verdict", Queue: q.cfg.Num, Packet: req.Seq, HasPacket: true, Err: syscall.Errno(errno)}
	switch req.Type {
	case wire.MsgVerdictBatch:
		op.Op = "batch verdict"
	case wire.MsgConfig:
		op.Op, op.HasPacket = "config", false
	}
	if syscall.Errno(errno) == syscall.ENOENT && op.HasPacket {
		op.Detail = "the kernel no longer holds the packet"
	}
	q.report(op)
}
