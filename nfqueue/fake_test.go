package nfqueue

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// fakeKernel is an in-memory transport that models the kernel side of one
// queue: it hands out packet messages, applies verdicts (single and batch)
// to the packets it holds, answers configuration with acknowledgements and
// unknown ids with ENOENT, like nfnetlink_queue.
type fakeKernel struct {
	mu          sync.Mutex
	num         uint16
	nextID      uint32
	in          [][]byte // datagrams waiting to be read
	held        []uint32 // queued packet ids, in order
	verdicts    map[uint32][]wire.Verdict
	log         []string // "bind", "verdict 3", "batch 7", "unbind", in order
	interrupted bool
	wake        chan struct{}
	failSeq     map[uint32]syscall.Errno // ids whose verdict the kernel refuses
	sends       int
}

func newFakeKernel(num uint16) *fakeKernel {
	return &fakeKernel{num: num, verdicts: map[uint32][]wire.Verdict{}, wake: make(chan struct{}, 1), failSeq: map[uint32]syscall.Errno{}}
}

// newFakeQueue opens a Queue on a fake kernel.
func newFakeQueue(t *testing.T, cfg *Config) (*Queue, *fakeKernel) {
	t.Helper()
	c := cfg.withDefaults()
	k := newFakeKernel(c.Num)
	q := newQueue(c, k, 4242)
	q.stats = func() ([]Stats, error) { return nil, nil }
	if err := q.bind(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q, k
}

func (k *fakeKernel) notify() {
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

// enqueue queues n packets with payload and returns their ids.
func (k *fakeKernel) enqueue(n int, payload []byte) []uint32 {
	k.mu.Lock()
	defer k.mu.Unlock()
	var ids []uint32
	for i := 0; i < n; i++ {
		k.nextID++
		id := k.nextID
		k.held = append(k.held, id)
		k.in = append(k.in, wire.AppendPacket(nil, 2, k.num, id, 0x0800, 1, 0, payload))
		ids = append(ids, id)
	}
	k.notify()
	return ids
}

func (k *fakeKernel) recv(buf []byte, lens []int, minRoom int, wait bool) (int, bool, error) {
	for {
		k.mu.Lock()
		if len(k.in) > 0 {
			n, off := 0, 0
			for n < len(lens) && len(k.in) > 0 && len(buf)-off >= minRoom {
				l := copy(buf[off:], k.in[0])
				k.in = k.in[1:]
				lens[n] = l
				n++
				off += l
			}
			empty := len(k.in) == 0
			k.mu.Unlock()
			return n, empty, nil
		}
		intr := k.interrupted
		k.mu.Unlock()
		if !wait {
			return 0, true, nil
		}
		if intr {
			return 0, false, errInterrupted
		}
		<-k.wake
	}
}

func (k *fakeKernel) wait() error {
	for {
		k.mu.Lock()
		n, intr := len(k.in), k.interrupted
		k.mu.Unlock()
		if n > 0 {
			return nil
		}
		if intr {
			return errInterrupted
		}
		<-k.wake
	}
}

func (k *fakeKernel) readable() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.in) > 0
}

func (k *fakeKernel) send(b []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sends++
	for len(b) > 0 {
		h, msg, rest, err := wire.SplitMessage(b)
		if err != nil {
			return syscall.EINVAL
		}
		b = rest
		switch h.Type {
		case wire.MsgConfig:
			switch wire.ConfigCmd(msg) {
			case wire.CmdBind:
				k.log = append(k.log, "bind")
			case wire.CmdUnbind:
				k.log = append(k.log, "unbind")
				k.held = nil // the kernel drops what it still holds
			}
			k.in = append(k.in, wire.AppendError(nil, 0, h))
		case wire.MsgVerdict, wire.MsgVerdictBatch:
			v, err := wire.DecodeVerdict(msg)
			if err != nil {
				return syscall.EINVAL
			}
			if e, ok := k.failSeq[v.ID]; ok {
				k.in = append(k.in, wire.AppendError(nil, int32(e), h))
				continue
			}
			if v.Attrs.Payload != nil {
				v.Attrs.Payload = append([]byte(nil), v.Attrs.Payload...)
			}
			var hit int
			keep := k.held[:0]
			for _, id := range k.held {
				if id == v.ID || v.Batch && id < v.ID {
					k.verdicts[id] = append(k.verdicts[id], v)
					hit++
				} else {
					keep = append(keep, id)
				}
			}
			k.held = keep
			if v.Batch {
				k.log = append(k.log, "batch")
			} else {
				k.log = append(k.log, "verdict")
			}
			if hit == 0 {
				k.in = append(k.in, wire.AppendError(nil, int32(syscall.ENOENT), h))
			}
		}
	}
	k.notify()
	return nil
}

func (k *fakeKernel) interrupt() {
	k.mu.Lock()
	k.interrupted = true
	k.mu.Unlock()
	k.notify()
}

func (k *fakeKernel) resume() {
	k.mu.Lock()
	k.interrupted = false
	k.mu.Unlock()
}

func (k *fakeKernel) close() error { return nil }

// waitVerdicts waits (up to 10 s) until n packets have verdicts.
func (k *fakeKernel) waitVerdicts(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		k.mu.Lock()
		got := len(k.verdicts)
		k.mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %d verdicts", n)
}

// snapshot returns the verdicts given so far, the ids still held and the log.
func (k *fakeKernel) snapshot() (map[uint32][]wire.Verdict, []uint32, []string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v := make(map[uint32][]wire.Verdict, len(k.verdicts))
	for id, l := range k.verdicts {
		v[id] = append([]wire.Verdict(nil), l...)
	}
	return v, append([]uint32(nil), k.held...), append([]string(nil), k.log...)
}

// runQueue runs q with h on a goroutine; the returned function cancels and
// waits, returning Run's error.
func runQueue(q *Queue, h Handler) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx, h) }()
	return func() error {
		cancel()
		return <-done
	}
}
