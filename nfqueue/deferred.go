package nfqueue

import (
	"sync"
	"sync/atomic"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// Deferred is a packet whose verdict is given later, from any goroutine,
// like Python NetfilterQueue's retain(). Every Deferred gets exactly one
// verdict: the one passed to Verdict, or the queue's DefaultVerdict when
// Run ends first.
type Deferred struct {
	p    *Packet
	q    *Queue
	mu   sync.Mutex
	done bool
}

// Defer keeps the packet past the handler's return: the handler's return
// value is then ignored, and the packet waits in the kernel until
// Deferred.Verdict. The returned Deferred owns a copy of the packet.
//
// Defer returns nil when the packet already has its verdict (its deadline
// passed) or does not come from a running queue. While any packet is
// deferred, verdicts are sent one per packet rather than in batches.
func (p *Packet) Defer() *Deferred {
	q := p.q
	if q == nil || p.stateKey == 0 {
		return nil
	}
	if !q.state.CompareAndSwap(p.stateKey, p.stateKey|stDeferred) {
		return nil
	}
	d := &Deferred{p: p.clone(), q: q}
	d.p.stateKey = 0
	q.held.add(d)
	q.ctr.deferred.Add(1)
	return d
}

// Packet returns the deferred packet, which owns its bytes. Its Set
// methods (SetMark, SetPayload, ...) apply to the verdict given by
// Verdict.
func (d *Deferred) Packet() *Packet { return d.p }

// Verdict gives the packet its verdict. It returns ErrAlreadyDecided when
// the packet already has one (Run ended and applied the default), an error
// wrapping ErrInvalidVerdict for an invalid v, or an *OpError from the
// kernel naming the packet.
func (d *Deferred) Verdict(v Verdict) error {
	if err := v.Valid(); err != nil {
		return err
	}
	return d.give(v, false)
}

func (d *Deferred) give(v Verdict, isDefault bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return ErrAlreadyDecided
	}
	d.done = true
	mods := &d.p.mods
	if isDefault {
		mods = nil
	}
	err := d.q.sendVerdict(d.p.w.ID, v, mods, isDefault)
	d.q.held.remove(d)
	return err
}

// sendVerdict sends one verdict outside the runner's batch (deferred
// packets, the deadline watchdog, shutdown).
func (q *Queue) sendVerdict(id uint32, v Verdict, mods *wire.VerdictAttrs, isDefault bool) error {
	b := wire.AppendVerdict(make([]byte, 0, 64), q.cfg.Num, id, uint32(v), mods)
	q.ctr.sends.Add(1)
	q.ctr.messages.Add(1)
	q.ctr.verdicts[verdictIndex(v)].Add(1)
	if isDefault {
		q.ctr.defaulted.Add(1)
	}
	if err := q.t.send(b); err != nil {
		return &OpError{Op: "verdict", Queue: q.cfg.Num, Packet: id, HasPacket: true, Err: err}
	}
	return nil
}

// verdictIndex maps a verdict to its counter.
func verdictIndex(v Verdict) int {
	c := int(v.Code())
	if c >= 6 {
		return int(Drop)
	}
	return c
}

// heldSet tracks deferred packets without a verdict.
type heldSet struct {
	mu sync.Mutex
	m  map[uint32]*Deferred
	n  atomic.Int32 // len(m), read by the runner without the lock
}

func (h *heldSet) add(d *Deferred) {
	h.mu.Lock()
	h.m[d.p.w.ID] = d
	h.n.Store(int32(len(h.m)))
	h.mu.Unlock()
}

func (h *heldSet) remove(d *Deferred) {
	h.mu.Lock()
	if h.m[d.p.w.ID] == d {
		delete(h.m, d.p.w.ID)
	}
	h.n.Store(int32(len(h.m)))
	h.mu.Unlock()
}

// empty reports whether no packet is deferred.
func (h *heldSet) empty() bool { return h.n.Load() == 0 }

// all returns the deferred packets.
func (h *heldSet) all() []*Deferred {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*Deferred, 0, len(h.m))
	for _, d := range h.m {
		out = append(out, d)
	}
	return out
}
