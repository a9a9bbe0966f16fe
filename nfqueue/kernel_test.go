package nfqueue_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nfkit/nfkit/nfqueue"
)

const port = 5001

// queueRule sends UDP to port to queue num from mangle INPUT.
func queueRule(t *testing.T, ns interface {
	Output(string, ...string) ([]byte, error)
}, num int, extra ...string) {
	t.Helper()
	args := []string{"-w", "-t", "mangle", "-A", "INPUT", "-p", "udp", "--dport", fmt.Sprint(port), "-j", "NFQUEUE", "--queue-num", fmt.Sprint(num)}
	if _, err := ns.Output("iptables-legacy", append(args, extra...)...); err != nil {
		t.Fatal(err)
	}
}

func udpPayload(p *nfqueue.Packet) string {
	h, err := nfqueue.ParseHeaders(p.Payload())
	if err != nil || h.Protocol != nfqueue.ProtoUDP {
		return ""
	}
	return string(p.Payload()[h.L4Offset+8:])
}

// TestKernelAcceptDropMark: accepted packets arrive, dropped ones do not,
// and a mark set by the verdict is seen by the next rule (-m mark).
func TestKernelAcceptDropMark(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	ipt(t, ns, "-t", "filter", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-m", "mark", "--mark", "0x7", "-j", "ACCEPT")
	rx := udpReceiver(t, ns, port)
	q := openQueue(t, ns, nfqueue.Config{})
	var seen atomic.Int32
	run(t, q, func(p *nfqueue.Packet) nfqueue.Verdict {
		seen.Add(1)
		if p.Hook() != nfqueue.HookLocalIn || p.Family() != nfqueue.FamilyIPv4 || p.HWProtocol() != 0x0800 {
			t.Errorf("packet %d: hook %v family %v proto %#x", p.ID(), p.Hook(), p.Family(), p.HWProtocol())
		}
		switch s := udpPayload(p); {
		case strings.HasPrefix(s, "drop"):
			return nfqueue.Drop
		case strings.HasPrefix(s, "mark"):
			p.SetMark(7)
		}
		return nfqueue.Accept
	})
	var sent []string
	for i := range 10 {
		sent = append(sent, fmt.Sprintf("ok%d", i), fmt.Sprintf("drop%d", i), fmt.Sprintf("mark%d", i))
	}
	udpSend(t, ns, port, sent...)
	got := receive(t, rx, 20, 2*time.Second)
	slices.Sort(got)
	var want []string
	for _, s := range sent {
		if !strings.HasPrefix(s, "drop") {
			want = append(want, s)
		}
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}
	if c := ruleCounts(t, ns, "filter", "INPUT"); len(c) != 1 || c[0] != 10 {
		t.Errorf("-m mark --mark 0x7 counted %v, want [10]", c)
	}
	c := q.Counters()
	if c.Received != 30 || c.Accepted != 20 || c.Dropped != 10 || c.Errors != 0 {
		t.Errorf("counters %+v", c)
	}
}

// TestKernelRewritePayload: a handler rewrites the UDP payload (to a new
// length); the receiving socket gets it, which needs valid checksums.
func TestKernelRewritePayload(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	rx := udpReceiver(t, ns, port)
	q := openQueue(t, ns, nfqueue.Config{})
	run(t, q, func(p *nfqueue.Packet) nfqueue.Verdict {
		h, err := nfqueue.ParseHeaders(p.Payload())
		if err != nil {
			t.Error(err)
			return nfqueue.Drop
		}
		body := p.Payload()[h.L4Offset+8:]
		pkt := append(slices.Clone(p.Payload()[:h.L4Offset+8]), bytes.ToUpper(body)...)
		pkt = append(pkt, " rewritten"...)
		if err := nfqueue.FixChecksums(pkt); err != nil {
			t.Error(err)
		}
		if !nfqueue.ChecksumValid(pkt) {
			t.Error("FixChecksums left an invalid checksum")
		}
		p.SetPayload(pkt)
		return nfqueue.Accept
	})
	snmp := func() string {
		out, err := ns.Output("cat", "/proc/net/snmp")
		if err != nil {
			t.Fatal(err)
		}
		return udpCsumErrors(string(out))
	}
	before := snmp()
	udpSend(t, ns, port, "hello", "second")
	got := receive(t, rx, 2, 2*time.Second)
	if diff := cmp.Diff([]string{"HELLO rewritten", "SECOND rewritten"}, got); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}
	if after := snmp(); after != before {
		t.Errorf("UDP InCsumErrors went from %s to %s", before, after)
	}
}

// udpCsumErrors returns the InCsumErrors column of the Udp: lines.
func udpCsumErrors(snmp string) string {
	var hdr, val []string
	for _, l := range strings.Split(snmp, "\n") {
		if strings.HasPrefix(l, "Udp:") {
			if hdr == nil {
				hdr = strings.Fields(l)
			} else {
				val = strings.Fields(l)
			}
		}
	}
	for i, h := range hdr {
		if h == "InCsumErrors" && i < len(val) {
			return val[i]
		}
	}
	return "?"
}

// TestKernelRequeue: queue 0 hands every packet to queue 1.
func TestKernelRequeue(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	rx := udpReceiver(t, ns, port)
	q0 := openQueue(t, ns, nfqueue.Config{Num: 0})
	q1 := openQueue(t, ns, nfqueue.Config{Num: 1})
	run(t, q0, func(*nfqueue.Packet) nfqueue.Verdict { return nfqueue.Requeue(1) })
	var onOne atomic.Int32
	run(t, q1, func(p *nfqueue.Packet) nfqueue.Verdict {
		if p.Queue() != 1 {
			t.Errorf("packet from queue %d", p.Queue())
		}
		onOne.Add(1)
		return nfqueue.Accept
	})
	udpSend(t, ns, port, "a", "b", "c")
	if got := receive(t, rx, 3, 2*time.Second); len(got) != 3 {
		t.Errorf("received %q", got)
	}
	if onOne.Load() != 3 || q0.Counters().Queued != 3 {
		t.Errorf("queue 1 saw %d packets; queue 0 counters %+v", onOne.Load(), q0.Counters())
	}
}

// TestKernelFailOpen: with no reader and a full queue, fail-open accepts.
func TestKernelFailOpen(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	rx := udpReceiver(t, ns, port)
	q := openQueue(t, ns, nfqueue.Config{MaxLen: 4, FailOpen: true})
	var sent []string
	for i := range 20 {
		sent = append(sent, fmt.Sprint(i))
	}
	udpSend(t, ns, port, sent...)
	got := receive(t, rx, 16, time.Second)
	if len(got) != 16 {
		t.Errorf("fail-open let %d of 20 through, want 16 (4 held)", len(got))
	}
	st, err := q.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Queued != 4 || st.PortID != q.PortID() {
		t.Errorf("stats %+v", st)
	}
	// Now read: the 4 held packets get verdicts too.
	run(t, q, func(*nfqueue.Packet) nfqueue.Verdict { return nfqueue.Accept })
	if more := receive(t, rx, 4, 2*time.Second); len(more) != 4 {
		t.Errorf("held packets: received %q", more)
	}
}

// TestKernelPanicVerdict: a panicking handler still yields a verdict.
func TestKernelPanicVerdict(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	rx := udpReceiver(t, ns, port)
	var reported atomic.Int32
	q := openQueue(t, ns, nfqueue.Config{DefaultVerdict: nfqueue.Accept, OnError: func(err error) {
		if errors.Is(err, nfqueue.ErrHandler) {
			reported.Add(1)
		}
	}})
	run(t, q, func(*nfqueue.Packet) nfqueue.Verdict { panic("handler bug") })
	udpSend(t, ns, port, "x", "y")
	if got := receive(t, rx, 2, 2*time.Second); len(got) != 2 {
		t.Errorf("received %q", got)
	}
	if reported.Load() != 2 || q.Counters().Defaulted != 2 {
		t.Errorf("reported %d, counters %+v", reported.Load(), q.Counters())
	}
}

// TestKernelCancelHeldLosesNone: cancelling Run while every packet is
// held (deferred) gives them all verdicts before the queue is unbound.
func TestKernelCancelHeldLosesNone(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	rx := udpReceiver(t, ns, port)
	q := openQueue(t, ns, nfqueue.Config{DefaultVerdict: nfqueue.Accept})
	stop := run(t, q, func(p *nfqueue.Packet) nfqueue.Verdict {
		p.Defer()
		return nfqueue.Drop // ignored: deferred
	})
	const n = 50
	var sent []string
	for i := range n {
		sent = append(sent, fmt.Sprint(i))
	}
	udpSend(t, ns, port, sent...)
	waitFor(t, "all packets held", func() bool { return q.Counters().Deferred == n })
	if got := receive(t, rx, 1, 100*time.Millisecond); len(got) != 0 {
		t.Fatalf("held packets leaked through: %q", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, rx, n, 2*time.Second); len(got) != n {
		t.Errorf("after cancel %d of %d packets arrived", len(got), n)
	}
	if c := q.Counters(); c.Defaulted != n || c.Accepted != n {
		t.Errorf("counters %+v", c)
	}
}

// TestKernelBindBusy: binding a taken queue says who holds it.
func TestKernelBindBusy(t *testing.T) {
	ns := kernelNS(t)
	q := openQueue(t, ns, nfqueue.Config{Num: 3})
	_, err := nfqueue.Open(&nfqueue.Config{Num: 3, NetNS: ns.FD()})
	if !errors.Is(err, nfqueue.ErrQueueBusy) {
		t.Fatalf("second bind: %v", err)
	}
	want := fmt.Sprintf("queue 3 is already bound by netlink port %d", q.PortID())
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	var op *nfqueue.OpError
	if !errors.As(err, &op) || op.Op != "bind" {
		t.Errorf("not an *OpError: %v", err)
	}
}

// TestKernelStatsMatchProc: Stats agrees with the kernel's table.
func TestKernelStatsMatchProc(t *testing.T) {
	ns := kernelNS(t)
	q := openQueue(t, ns, nfqueue.Config{Num: 7, CopyRange: 128})
	out, err := ns.Output("cat", "/proc/net/netfilter/nfnetlink_queue")
	if err != nil {
		t.Fatal(err)
	}
	want, err := nfqueue.ParseStats(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	got, err := nfqueue.ReadStats(ns.FD())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-proc +ReadStats):\n%s", diff)
	}
	st, err := q.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Queue != 7 || st.PortID != q.PortID() || st.CopyMode != nfqueue.CopyPacket || st.CopyRange != 128 {
		t.Errorf("stats %+v", st)
	}
}

// TestKernelTruncatedAndNames: a copy range truncates the payload; the
// input interface name resolves in the namespace.
func TestKernelTruncatedAndNames(t *testing.T) {
	ns := kernelNS(t)
	queueRule(t, ns, 0)
	q := openQueue(t, ns, nfqueue.Config{CopyRange: 30})
	type info struct {
		n, orig int
		trunc   bool
		in      string
	}
	got := make(chan info, 1)
	run(t, q, func(p *nfqueue.Packet) nfqueue.Verdict {
		select {
		case got <- info{len(p.Payload()), p.Len(), p.Truncated(), p.InDevName()}:
		default:
		}
		return nfqueue.Accept
	})
	udpSend(t, ns, port, strings.Repeat("z", 100))
	select {
	case i := <-got:
		if diff := cmp.Diff(info{30, 128, true, "lo"}, i, cmp.AllowUnexported(info{})); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no packet")
	}
}

// TestKernelQueueBalance: --queue-balance 0:1 spreads flows over two
// queues; OpenRange runs a worker on each and every packet is accepted.
func TestKernelQueueBalance(t *testing.T) {
	ns := kernelNS(t)
	ipt(t, ns, "-t", "mangle", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-j", "NFQUEUE", "--queue-balance", "0:1")
	rx := udpReceiver(t, ns, port)
	r, err := nfqueue.OpenRange(&nfqueue.Config{NetNS: ns.FD()}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var perQueue [2]atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- r.Run(ctx, func(p *nfqueue.Packet) nfqueue.Verdict {
			perQueue[p.Queue()].Add(1)
			return nfqueue.Accept
		})
	}()
	// The balance hashes addresses: send from 40 loopback sources.
	for i := 0; i < 40; i++ {
		udpSendFrom(t, ns, net.IPv4(127, 0, 1, byte(i+1)), port, fmt.Sprint(i))
	}
	got := receive(t, rx, 40, 2*time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(got) != 40 || perQueue[0].Load() == 0 || perQueue[1].Load() == 0 {
		t.Errorf("received %d; per queue %d/%d", len(got), perQueue[0].Load(), perQueue[1].Load())
	}
	if c := r.Counters(); c.Accepted != 40 {
		t.Errorf("counters %+v", c)
	}
}

// TestKernelCloseStopsRun: Close unblocks a Run waiting for packets.
func TestKernelCloseStopsRun(t *testing.T) {
	ns := kernelNS(t)
	q, err := nfqueue.Open(&nfqueue.Config{NetNS: ns.FD()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- q.Run(context.Background(), func(*nfqueue.Packet) nfqueue.Verdict { return nfqueue.Accept })
	}()
	time.Sleep(20 * time.Millisecond)
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, nfqueue.ErrClosed) {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Close")
	}
}

// TestKernelConntrackFlag: with Config.Conntrack the kernel either binds
// (and tracked packets carry their conntrack entry) or refuses with an
// explanation when it lacks CONFIG_NETFILTER_NETLINK_GLUE_CT.
func TestKernelConntrackFlag(t *testing.T) {
	ns := kernelNS(t)
	ipt(t, ns, "-t", "mangle", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-m", "conntrack", "--ctstate", "NEW,ESTABLISHED", "-j", "NFQUEUE", "--queue-num", "0")
	q, err := nfqueue.Open(&nfqueue.Config{NetNS: ns.FD(), Conntrack: true})
	if err != nil {
		if !errors.Is(err, syscall.EOPNOTSUPP) || !strings.Contains(err.Error(), "GLUE_CT") {
			t.Fatalf("conntrack bind: %v", err)
		}
		t.Logf("kernel without ctnetlink glue: %v", err)
		return
	}
	defer q.Close()
	got := make(chan nfqueue.Conntrack, 2)
	stop := run(t, q, func(p *nfqueue.Packet) nfqueue.Verdict {
		if ct, ok := p.Conntrack(); ok {
			got <- ct
		}
		return nfqueue.Accept
	})
	defer stop()
	udpSend(t, ns, port, "a")
	select {
	case ct := <-got:
		if ct.State != nfqueue.CTNew || ct.ID == 0 {
			t.Errorf("conntrack %+v", ct)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no conntrack info")
	}
}
