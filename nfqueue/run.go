package nfqueue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// Handler decides the verdict of one packet. It runs on the Run
// goroutine, one packet at a time, so a fast handler keeps the queue fast;
// the packet is borrowed (see Packet). A handler may call Packet.Defer to
// give the verdict later from another goroutine.
type Handler func(p *Packet) Verdict

// Handler state word (Queue.state): packet id << 8 | state.
const (
	stInHandler = 0
	stDecided   = 1 // the handler's return value counts
	stTimedOut  = 2 // the watchdog gave the default verdict
	stDeferred  = 3 // Packet.Defer took the packet
	stIdle      = 0xff
	stateMask   = 0xff
)

// Limits of the shutdown drain.
const (
	drainMaxTime = 2 * time.Second
	flushAt      = 128 << 10 // send the verdict buffer past this size
)

// Run reads packets and gives each the verdict h returns until ctx ends or
// the queue is closed. Then it stops reading, gives a verdict to every
// packet it still holds (DefaultVerdict for deferred packets and for those
// already waiting in the socket), and only then unbinds the queue: the
// kernel drops what is queued at unbind. Run returns nil when ctx ended,
// ErrClosed after Close, or the error that stopped it. A Queue runs once.
func (q *Queue) Run(ctx context.Context, h Handler) error {
	if h == nil {
		return errors.New("nfqueue: nil handler")
	}
	if !q.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer close(q.runDone)
	if q.closed.Load() || q.finished.Load() {
		return ErrClosed
	}
	stop := context.AfterFunc(ctx, q.t.interrupt)
	defer stop()
	r := newRunner(q, h)
	if q.cfg.Deadline > 0 {
		w := startWatchdog(q)
		defer w.stop()
	}
	err := r.loop(ctx)
	q.t.resume()
	r.drain()
	q.finished.Store(true)
	if uerr := q.unbind(r.defaultVerdictMsg); uerr != nil && err == nil && !q.closed.Load() {
		err = uerr
	}
	if err == nil && q.closed.Load() && ctx.Err() == nil {
		err = ErrClosed
	}
	return err
}

// runner is the state of one Run: reusable buffers and the pending run of
// verdicts that one batch message will carry.
type runner struct {
	q       *Queue
	h       Handler
	buf     []byte
	lens    []int
	minRoom int
	out     []byte
	pkt     Packet
	cnt     localCounts
	run     pendingRun
	// pending counts the packets decided since the last flush; the first
	// of them was decided at pendingSince (set only with VerdictDelay).
	pending      int
	pendingSince time.Time
}

// pendingRun is a run of consecutive packets with the same plain verdict
// (and mark), sent as one NFQNL_MSG_VERDICT_BATCH.
type pendingRun struct {
	n       int
	last    uint32
	v       Verdict
	hasMark bool
	mark    uint32
}

func newRunner(q *Queue, h Handler) *runner {
	// A message is at most the copy range plus the attributes.
	minRoom := int(q.cfg.CopyRange) + 4096
	if q.cfg.CopyMode != CopyPacket {
		minRoom = 8192
	}
	// Room for one recvmmsg(2) of up to 64 messages of minRoom bytes each:
	// only the bytes the kernel writes are ever touched.
	size := max(minRoom*min(q.cfg.BatchSize, 64), q.cfg.BatchSize*512)
	r := &runner{
		q:       q,
		h:       h,
		buf:     make([]byte, size),
		lens:    make([]int, q.cfg.BatchSize),
		minRoom: minRoom,
		out:     make([]byte, 0, flushAt+minRoom+4096),
	}
	r.pkt.q = q
	r.pkt.w.Unknown = make([]wire.Attr, 0, 4)
	return r
}

func (r *runner) loop(ctx context.Context) error {
	q := r.q
	for _, msg := range q.early {
		r.message(msg, true)
	}
	q.early = nil
	if err := r.flush(); err != nil {
		return err
	}
	for {
		if ctx.Err() != nil || q.closed.Load() {
			return r.flush()
		}
		n, empty, err := q.t.recv(r.buf, r.lens, r.minRoom, false)
		switch {
		case err == nil:
		case errors.Is(err, errENOBUFS):
			q.ctr.enobufs.Add(1)
		default:
			r.flush()
			return &OpError{Op: "recv", Queue: q.cfg.Num, Err: err}
		}
		if n > 0 {
			r.datagrams(n, true)
		}
		if n > 0 && !empty {
			// The batch filled up and more is waiting.
			if r.pending >= q.cfg.BatchSize {
				if err := r.flush(); err != nil {
					return err
				}
			}
			continue
		}
		if r.pending == 0 {
			// Nothing to send and nothing to read: block.
			if err := r.wait(); err != nil && !errors.Is(err, errInterrupted) {
				return &OpError{Op: "poll", Queue: q.cfg.Num, Err: err}
			}
			continue
		}
		// The socket is dry: send the verdicts, unless they may wait a
		// little for more packets to join their batch. The next read
		// usually finds the packets that arrived while the verdicts were
		// sent; only when it does not does the loop block.
		if q.cfg.VerdictDelay > 0 && time.Since(r.pendingSince) < q.cfg.VerdictDelay {
			for i := 0; i < 64 && !q.t.readable(); i++ {
			}
			continue
		}
		if err := r.flush(); err != nil {
			return err
		}
	}
}

// wait blocks until the socket is readable. With Config.SpinWait it first
// polls the socket without sleeping for that long, which spares the kernel
// the wake-up of a sleeping reader for every packet.
func (r *runner) wait() error {
	q := r.q
	if q.cfg.SpinWait > 0 {
		start := time.Now()
		for i := 1; !q.t.readable(); i++ {
			if i&63 == 0 && (time.Since(start) > q.cfg.SpinWait || q.closed.Load()) {
				break
			}
		}
	}
	return q.t.wait()
}

// datagrams handles the n datagrams in r.buf; with handle the handler
// decides, otherwise packets get DefaultVerdict.
func (r *runner) datagrams(n int, handle bool) {
	off := 0
	for _, l := range r.lens[:n] {
		b := r.buf[off : off+l]
		off += l
		for len(b) > 0 {
			h, msg, rest, err := wire.SplitMessage(b)
			if err != nil {
				r.q.report(fmt.Errorf("nfqueue: queue %d: bad netlink message: %w", r.q.cfg.Num, err))
				break
			}
			b = rest
			if h.Type == wire.MsgPacket {
				r.message(msg, handle)
			} else if h.IsError() {
				if errno, req, err := wire.ParseError(msg); err == nil {
					r.q.verdictError(errno, req)
				}
			}
		}
	}
}

// message decodes one packet message and records its verdict.
func (r *runner) message(msg []byte, handle bool) {
	p := &r.pkt
	if err := wire.DecodePacket(&p.w, msg); err != nil {
		r.q.report(fmt.Errorf("nfqueue: queue %d: undecodable packet message: %w", r.q.cfg.Num, err))
		return
	}
	r.cnt.received++
	p.mods = wire.VerdictAttrs{}
	if !handle {
		r.decide(p.w.ID, r.q.cfg.DefaultVerdict, &p.mods)
		r.q.ctr.defaulted.Add(1)
		return
	}
	v, ok := r.call(p)
	if ok {
		r.decide(p.w.ID, v, &p.mods)
	}
}

// call runs the handler under the state word: it returns the verdict to
// give, or ok=false when the packet was deferred or timed out.
func (r *runner) call(p *Packet) (v Verdict, ok bool) {
	q := r.q
	key := uint64(p.w.ID) << 8
	p.stateKey = key
	q.state.Store(key | stInHandler)
	v, perr := r.safeCall(p)
	decided := q.state.CompareAndSwap(key|stInHandler, key|stDecided)
	p.stateKey = 0
	if !decided {
		if q.state.Load()&stateMask == stTimedOut {
			q.report(&handlerError{id: p.w.ID, reason: fmt.Sprintf("missed the %v deadline", q.cfg.Deadline), cause: perr})
		}
		return 0, false
	}
	if perr == nil {
		perr = v.Valid()
		if perr == nil {
			return v, true
		}
	}
	q.report(&handlerError{id: p.w.ID, reason: "no valid verdict", cause: perr})
	q.ctr.defaulted.Add(1)
	p.mods = wire.VerdictAttrs{}
	return q.cfg.DefaultVerdict, true
}

func (r *runner) safeCall(p *Packet) (v Verdict, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panic: %v", x)
		}
	}()
	return r.h(p), nil
}

// decide appends the verdict for id: plain verdicts (at most a mark) of
// consecutive packets join a run sent as one batch message; others are
// sent as single verdicts in order. Batches are only used while no packet
// is deferred, because a batch covers every queued id up to its last.
func (r *runner) decide(id uint32, v Verdict, m *wire.VerdictAttrs) {
	r.cnt.verdicts[verdictIndex(v)]++
	if r.pending == 0 && r.q.cfg.VerdictDelay > 0 {
		r.pendingSince = time.Now()
	}
	r.pending++
	if m.Set&^wire.SetMark == 0 && r.q.held.empty() {
		hasMark := m.Set&wire.SetMark != 0
		var mark uint32
		if hasMark {
			mark = m.Mark
		}
		if r.run.n > 0 && r.run.v == v && r.run.hasMark == hasMark && r.run.mark == mark {
			r.run.last = id
			r.run.n++
			return
		}
		r.closeRun()
		r.run = pendingRun{n: 1, last: id, v: v, hasMark: hasMark, mark: mark}
		return
	}
	r.closeRun()
	if len(r.out)+len(m.Payload) > flushAt {
		r.flush()
	}
	r.out = wire.AppendVerdict(r.out, r.q.cfg.Num, id, uint32(v), m)
	r.cnt.messages++
}

func (r *runner) closeRun() {
	run := &r.run
	if run.n == 0 {
		return
	}
	// A run of one packet is a batch too: on kernels whose queue keeps
	// packet ids in a hash table (6.18), NFQNL_MSG_VERDICT looks the id
	// up and then removes it, where a batch only walks to the head of the
	// queue list and removes; A/B runs of the peer harness measured 2-3 %
	// more packets per second.
	r.out = wire.AppendBatchVerdict(r.out, r.q.cfg.Num, run.last, uint32(run.v), run.hasMark, run.mark)
	r.cnt.messages++
	run.n = 0
}

// flush sends the pending verdicts in one sendmsg.
func (r *runner) flush() error {
	r.closeRun()
	r.pending = 0
	r.cnt.publish(&r.q.ctr)
	if len(r.out) == 0 {
		return nil
	}
	r.q.ctr.sends.Add(1)
	err := r.q.t.send(r.out)
	r.out = r.out[:0]
	if err != nil {
		return &OpError{Op: "send", Queue: r.q.cfg.Num, Err: err}
	}
	return nil
}

// drain gives verdicts to everything still held at the end of Run: the
// packets already waiting in the socket and the deferred ones.
func (r *runner) drain() {
	q := r.q
	deadline := time.Now().Add(drainMaxTime)
	for i := 0; i < int(q.cfg.MaxLen)*2 && time.Now().Before(deadline); i++ {
		n, _, err := q.t.recv(r.buf, r.lens, r.minRoom, false)
		if n == 0 && err == nil || err != nil && !errors.Is(err, errENOBUFS) {
			break
		}
		r.datagrams(n, false)
		if r.flush() != nil {
			break
		}
	}
	r.flush()
	for _, d := range q.held.all() {
		if err := d.give(q.cfg.DefaultVerdict, true); err != nil && !errors.Is(err, ErrAlreadyDecided) {
			q.report(err)
		}
	}
}

// defaultVerdictMsg gives DefaultVerdict to a packet message read while
// unbinding.
func (r *runner) defaultVerdictMsg(msg []byte) {
	r.message(msg, false)
	r.flush()
}
