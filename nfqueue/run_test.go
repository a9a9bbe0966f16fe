package nfqueue

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nfkit/nfkit/nfqueue/internal/wire"
)

// oneVerdict checks that every id got exactly one verdict and returns them.
func oneVerdict(t *testing.T, got map[uint32][]wire.Verdict, ids []uint32) map[uint32]wire.Verdict {
	t.Helper()
	out := map[uint32]wire.Verdict{}
	for _, id := range ids {
		if len(got[id]) != 1 {
			t.Fatalf("packet %d got %d verdicts: %+v", id, len(got[id]), got[id])
		}
		out[id] = got[id][0]
	}
	return out
}

func TestRunBatchesAccepts(t *testing.T) {
	q, k := newFakeQueue(t, &Config{BatchSize: 64})
	ids := k.enqueue(200, []byte("payload"))
	stop := runQueue(q, func(p *Packet) Verdict { return Accept })
	k.waitVerdicts(t, len(ids))
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got, held, log := k.snapshot()
	for id, v := range oneVerdict(t, got, ids) {
		if v.Verdict != uint32(Accept) {
			t.Errorf("packet %d: verdict %d", id, v.Verdict)
		}
	}
	if len(held) != 0 {
		t.Errorf("still held: %v", held)
	}
	batches := strings.Count(strings.Join(log, " "), "batch")
	if batches == 0 || batches > 8 {
		t.Errorf("%d batch messages for 200 packets: %v", batches, log)
	}
	c := q.Counters()
	if c.Received != 200 || c.Accepted != 200 || c.Errors != 0 {
		t.Errorf("counters %+v", c)
	}
	if c.Sends >= 200 {
		t.Errorf("%d sendmsg calls for 200 packets", c.Sends)
	}
}

// A lone plain verdict goes out as a batch message too: on 6.18's hashed
// queue NFQNL_MSG_VERDICT costs an id lookup that a batch does not.
func TestLoneVerdictIsBatch(t *testing.T) {
	q, k := newFakeQueue(t, nil)
	ids := k.enqueue(1, []byte("payload"))
	stop := runQueue(q, func(p *Packet) Verdict { p.SetMark(5); return Accept })
	k.waitVerdicts(t, len(ids))
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got, _, _ := k.snapshot()
	v := oneVerdict(t, got, ids)[ids[0]]
	if !v.Batch || v.Verdict != uint32(Accept) || v.Attrs.Mark != 5 {
		t.Errorf("lone verdict %+v, want a batch accepting with mark 5", v)
	}
}

func TestRunMixedVerdicts(t *testing.T) {
	q, k := newFakeQueue(t, nil)
	ids := k.enqueue(8, []byte{0x45, 0, 0, 20})
	stop := runQueue(q, func(p *Packet) Verdict {
		switch p.ID() % 8 {
		case 3:
			return Drop
		case 4:
			p.SetMark(7)
			return Accept
		case 5:
			p.SetPayload([]byte("new"))
			return Accept
		case 6:
			p.SetPriority(3)
			return Requeue(9).WithBypass()
		}
		return Accept
	})
	k.waitVerdicts(t, len(ids))
	stop()
	got, _, _ := k.snapshot()
	one := oneVerdict(t, got, ids)
	for _, id := range ids {
		v := one[id]
		want := uint32(Accept)
		switch id % 8 {
		case 3:
			want = uint32(Drop)
		case 4:
			if v.Attrs.Set&wire.SetMark == 0 || v.Attrs.Mark != 7 {
				t.Errorf("packet %d: no mark: %+v", id, v)
			}
		case 5:
			if string(v.Attrs.Payload) != "new" || v.Batch {
				t.Errorf("packet %d: payload %q batch %v", id, v.Attrs.Payload, v.Batch)
			}
		case 6:
			want = uint32(Requeue(9).WithBypass())
			if v.Attrs.Priority != 3 {
				t.Errorf("packet %d: priority %d", id, v.Attrs.Priority)
			}
		}
		if v.Verdict != want {
			t.Errorf("packet %d: verdict %#x, want %#x", id, v.Verdict, want)
		}
	}
}

func TestHandlerPanicGetsDefault(t *testing.T) {
	var mu sync.Mutex
	var errs []error
	q, k := newFakeQueue(t, &Config{DefaultVerdict: Accept, OnError: func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}})
	ids := k.enqueue(5, nil)
	stop := runQueue(q, func(p *Packet) Verdict {
		switch p.ID() {
		case 2:
			panic("boom")
		case 4:
			return Verdict(2) // NF_STOLEN
		}
		return Drop
	})
	k.waitVerdicts(t, len(ids))
	stop()
	got, _, _ := k.snapshot()
	one := oneVerdict(t, got, ids)
	want := map[uint32]uint32{1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
	for id, w := range want {
		if one[id].Verdict != w {
			t.Errorf("packet %d: verdict %d, want %d", id, one[id].Verdict, w)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 2 {
		t.Fatalf("errors: %v", errs)
	}
	for i, id := range []string{"packet 2", "packet 4"} {
		if !errors.Is(errs[i], ErrHandler) || !strings.Contains(errs[i].Error(), id) {
			t.Errorf("error %d = %v, want ErrHandler naming %s", i, errs[i], id)
		}
	}
	if !errors.Is(errs[1], ErrInvalidVerdict) {
		t.Errorf("%v does not wrap ErrInvalidVerdict", errs[1])
	}
	if c := q.Counters(); c.Defaulted != 2 {
		t.Errorf("Defaulted = %d", c.Defaulted)
	}
}

func TestDeadlineGivesDefault(t *testing.T) {
	var reported atomic.Value
	q, k := newFakeQueue(t, &Config{Deadline: 20 * time.Millisecond, DefaultVerdict: Accept,
		OnError: func(err error) { reported.Store(err) }})
	ids := k.enqueue(3, nil)
	release := make(chan struct{})
	stop := runQueue(q, func(p *Packet) Verdict {
		if p.ID() == 2 {
			<-release // stuck until the watchdog has acted
		}
		return Drop
	})
	// Packet 2 gets the default verdict while its handler is stuck.
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _, _ := k.snapshot()
		if len(got[2]) == 1 {
			if got[2][0].Verdict != uint32(Accept) {
				t.Errorf("packet 2: verdict %d, want the default", got[2][0].Verdict)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no verdict for the stuck packet")
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	k.waitVerdicts(t, len(ids))
	stop()
	got, _, _ := k.snapshot()
	one := oneVerdict(t, got, ids)
	if one[1].Verdict != uint32(Drop) || one[3].Verdict != uint32(Drop) {
		t.Errorf("verdicts %+v", one)
	}
	err, _ := reported.Load().(error)
	if !errors.Is(err, ErrHandler) || !strings.Contains(err.Error(), "packet 2") {
		t.Errorf("reported %v", err)
	}
}

func TestDeferredVerdicts(t *testing.T) {
	q, k := newFakeQueue(t, nil)
	ids := k.enqueue(50, []byte("x"))
	var mu sync.Mutex
	var later []*Deferred
	stop := runQueue(q, func(p *Packet) Verdict {
		if p.ID()%5 == 0 {
			d := p.Defer()
			if d == nil {
				t.Error("Defer returned nil")
				return Drop
			}
			mu.Lock()
			later = append(later, d)
			mu.Unlock()
			return Drop // ignored
		}
		return Accept
	})
	k.waitVerdicts(t, 40)
	mu.Lock()
	for _, d := range later {
		d.Packet().SetMark(d.Packet().ID())
		go d.Verdict(Requeue(1))
	}
	mu.Unlock()
	k.waitVerdicts(t, 50)
	stop()
	got, _, _ := k.snapshot()
	for id, v := range oneVerdict(t, got, ids) {
		want := uint32(Accept)
		if id%5 == 0 {
			want = uint32(Requeue(1))
			if v.Attrs.Mark != id {
				t.Errorf("packet %d: mark %d", id, v.Attrs.Mark)
			}
		}
		if v.Verdict != want {
			t.Errorf("packet %d: verdict %#x, want %#x", id, v.Verdict, want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if err := later[0].Verdict(Accept); !errors.Is(err, ErrAlreadyDecided) {
		t.Errorf("second verdict: %v", err)
	}
	if string(later[0].Packet().Payload()) != "x" {
		t.Errorf("deferred payload %q", later[0].Packet().Payload())
	}
}

// TestShutdownDrain cancels Run while it holds deferred packets and while
// more wait in the socket: all get verdicts, and unbind comes last.
func TestShutdownDrain(t *testing.T) {
	q, k := newFakeQueue(t, &Config{DefaultVerdict: Accept})
	ids := k.enqueue(20, nil)
	var n atomic.Int32
	stop := runQueue(q, func(p *Packet) Verdict {
		p.Defer()
		n.Add(1)
		return Drop
	})
	for n.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	// Interrupt the reader first so that the next packets stay unread.
	k.interrupt()
	more := k.enqueue(5, nil)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got, held, log := k.snapshot()
	for id, v := range oneVerdict(t, got, append(ids, more...)) {
		if v.Verdict != uint32(Accept) {
			t.Errorf("packet %d: verdict %d", id, v.Verdict)
		}
	}
	if len(held) != 0 {
		t.Errorf("held at unbind: %v", held)
	}
	if log[len(log)-1] != "unbind" {
		t.Errorf("unbind is not last: %v", log)
	}
	if err := q.Run(t.Context(), func(*Packet) Verdict { return Accept }); !errors.Is(err, ErrRunning) && !errors.Is(err, ErrClosed) {
		t.Errorf("second Run: %v", err)
	}
}

func TestVerdictErrorNamesPacket(t *testing.T) {
	var got atomic.Value
	q, k := newFakeQueue(t, &Config{OnError: func(err error) { got.Store(err) }})
	k.mu.Lock()
	k.failSeq[3] = syscall.ENOENT
	k.mu.Unlock()
	ids := k.enqueue(3, nil)
	stop := runQueue(q, func(p *Packet) Verdict {
		if p.ID() == 3 {
			p.SetPayload([]byte{1}) // a single verdict, sequence number 3
		}
		return Accept
	})
	k.waitVerdicts(t, 2)
	deadline := time.Now().Add(10 * time.Second)
	for got.Load() == nil && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	stop()
	err, _ := got.Load().(error)
	var op *OpError
	if !errors.As(err, &op) || !op.HasPacket || op.Packet != 3 || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("error %v", err)
	}
	_ = ids
}

func TestCloseStopsRun(t *testing.T) {
	q, k := newFakeQueue(t, nil)
	k.enqueue(3, nil)
	done := make(chan error, 1)
	go func() { done <- q.Run(t.Context(), func(*Packet) Verdict { return Accept }) }()
	k.waitVerdicts(t, 3)
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close: %v", err)
	}
}

func TestEarlyPacketsHandled(t *testing.T) {
	// Packets that arrive before the bind acknowledgement are kept.
	c := (&Config{}).withDefaults()
	k := newFakeKernel(0)
	k.enqueue(2, nil)
	q := newQueue(c, k, 1)
	q.stats = func() ([]Stats, error) { return nil, nil }
	if err := q.bind(); err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if len(q.early) != 2 {
		t.Fatalf("early packets: %d", len(q.early))
	}
	stop := runQueue(q, func(*Packet) Verdict { return Accept })
	k.waitVerdicts(t, 2)
	stop()
}

func TestBatchNeverCoversDeferred(t *testing.T) {
	q, k := newFakeQueue(t, nil)
	ids := k.enqueue(10, nil)
	var d atomic.Pointer[Deferred]
	stop := runQueue(q, func(p *Packet) Verdict {
		if p.ID() == 2 {
			d.Store(p.Defer())
		}
		return Accept
	})
	k.waitVerdicts(t, 9)
	got, held, _ := k.snapshot()
	if diff := cmp.Diff([]uint32{2}, held); diff != "" {
		t.Errorf("held (-want +got):\n%s", diff)
	}
	if len(got[2]) != 0 {
		t.Errorf("deferred packet got %+v", got[2])
	}
	d.Load().Verdict(Drop)
	stop()
	got, _, _ = k.snapshot()
	if one := oneVerdict(t, got, ids); one[2].Verdict != uint32(Drop) {
		t.Errorf("packet 2: %+v", one[2])
	}
}

// discard is a transport that delivers one prepared read forever and
// drops what is sent: it measures the runner alone.
type discard struct {
	dgram []byte
	fakeKernel
}

func (d *discard) recv(buf []byte, lens []int, minRoom int, wait bool) (int, bool, error) {
	n := 0
	for off := 0; n < len(lens) && len(buf)-off >= minRoom; n++ {
		lens[n] = copy(buf[off:], d.dgram)
		off += lens[n]
	}
	return n, true, nil
}
func (d *discard) send(b []byte) error { return nil }

func newBenchRunner(tb testing.TB) *runner {
	c := (&Config{BatchSize: 64}).withDefaults()
	d := &discard{dgram: wire.AppendPacket(nil, 2, 0, 1, 0x0800, 1, 0, make([]byte, 92))}
	q := newQueue(c, d, 1)
	return newRunner(q, func(*Packet) Verdict { return Accept })
}

// TestAcceptPathNoAlloc: decoding, the handler call, batching and the send
// allocate nothing.
func TestAcceptPathNoAlloc(t *testing.T) {
	r := newBenchRunner(t)
	allocs := testing.AllocsPerRun(50, func() {
		n, _, _ := r.q.t.recv(r.buf, r.lens, r.minRoom, false)
		r.datagrams(n, true)
		r.flush()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per batch of 64 packets", allocs)
	}
}

func BenchmarkRunnerAccept(b *testing.B) {
	r := newBenchRunner(b)
	b.ReportAllocs()
	n, _, _ := r.q.t.recv(r.buf, r.lens, r.minRoom, false)
	for b.Loop() {
		r.datagrams(n, true)
		r.flush()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/packet")
}
