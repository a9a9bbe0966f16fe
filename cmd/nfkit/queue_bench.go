package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/nfqueue"
)

// benchConfig are the knobs of `nfkit queue bench`.
type benchConfig struct {
	duration time.Duration
	size     int
	senders  int
	maxPkts  uint64
	spin     time.Duration
	delay    time.Duration
}

func newQueueBenchCmd() *cobra.Command {
	var bc benchConfig
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure NFQUEUE throughput in throw-away namespaces, against a no-queue ceiling",
		Long: `bench creates two network namespaces joined by a veth pair (192.0.2.1 and
192.0.2.2), sends UDP from the first to the second with a bounded generator,
and counts what reaches filter INPUT in the second, twice:
  ceiling  no queue: the packets are just counted and dropped
  nfqueue  mangle PREROUTING queues every packet to queue 0, which nfkit
           accepts (the library's Run with batched verdicts)
It prints packets per second, queue drops and CPU for both, and the ratio.
Needs root; nothing outside the two namespaces is touched, and they are
removed on exit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBench(cmd.Context(), cmd, bc)
		},
	}
	fl := cmd.Flags()
	fl.DurationVar(&bc.duration, "duration", 3*time.Second, "measured time per run")
	fl.IntVar(&bc.size, "size", 64, "UDP payload bytes")
	fl.IntVar(&bc.senders, "senders", 1, "generator goroutines")
	fl.Uint64Var(&bc.maxPkts, "max-packets", 50_000_000, "upper bound on packets sent per run")
	fl.DurationVar(&bc.spin, "spin", 0, "Config.SpinWait of the consumer")
	fl.DurationVar(&bc.delay, "verdict-delay", 0, "Config.VerdictDelay of the consumer")
	return cmd
}

type benchResult struct {
	pps, sentPPS, drops float64
	cpu                 float64 // process CPU, percent of one core
}

func runBench(ctx context.Context, cmd *cobra.Command, bc benchConfig) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := signal2(ctx)
	defer cancel()
	out := cmd.OutOrStdout()
	a, b, cleanup, err := benchNamespaces()
	if err != nil {
		return err
	}
	defer cleanup()
	ceil, err := benchRun(ctx, a, b, bc, false)
	if err != nil {
		return fmt.Errorf("ceiling run: %w", err)
	}
	fmt.Fprintf(out, "BENCH ceiling size=%d pps=%.0f sent_pps=%.0f cpu_pct=%.0f\n", bc.size, ceil.pps, ceil.sentPPS, ceil.cpu)
	q, err := benchRun(ctx, a, b, bc, true)
	if err != nil {
		return fmt.Errorf("nfqueue run: %w", err)
	}
	fmt.Fprintf(out, "BENCH nfqueue size=%d pps=%.0f sent_pps=%.0f queue_drops_ps=%.0f cpu_pct=%.0f\n", bc.size, q.pps, q.sentPPS, q.drops, q.cpu)
	if ceil.pps > 0 {
		fmt.Fprintf(out, "BENCH ratio nfqueue/ceiling=%.3f\n", q.pps/ceil.pps)
	}
	return nil
}

func signal2(ctx context.Context) (context.Context, context.CancelFunc) {
	sctx, cancel := signalContext()
	ctx, cancel2 := context.WithCancel(ctx)
	go func() {
		select {
		case <-sctx.Done():
			cancel2()
		case <-ctx.Done():
		}
	}()
	return ctx, func() { cancel2(); cancel() }
}

// benchNamespaces creates namespaces a (192.0.2.1/24) and b (192.0.2.2/24)
// joined by a veth pair.
func benchNamespaces() (a, b *netns.NS, cleanup func(), err error) {
	if a, err = netns.New(); err != nil {
		return nil, nil, nil, err
	}
	if b, err = netns.New(); err != nil {
		a.Close()
		return nil, nil, nil, err
	}
	cleanup = func() { a.Close(); b.Close() }
	peer := fmt.Sprintf("/proc/%d/fd/%d", os.Getpid(), b.FD())
	steps := []struct {
		ns   *netns.NS
		args string
	}{
		{a, "link add nfkb0 type veth peer name nfkb1 netns " + peer},
		{a, "addr add 192.0.2.1/24 dev nfkb0"},
		{a, "link set nfkb0 up"},
		{b, "addr add 192.0.2.2/24 dev nfkb1"},
		{b, "link set nfkb1 up"},
	}
	for _, s := range steps {
		if _, err := s.ns.Output("ip", strings.Fields(s.args)...); err != nil {
			cleanup()
			return nil, nil, nil, err
		}
	}
	return a, b, cleanup, nil
}

func benchRun(ctx context.Context, a, b *netns.NS, bc benchConfig, queue bool) (benchResult, error) {
	var res benchResult
	ipt := func(args ...string) error {
		_, err := b.Output("iptables-legacy", append([]string{"-w"}, args...)...)
		return err
	}
	for _, args := range [][]string{
		{"-t", "mangle", "-F"}, {"-t", "filter", "-F"},
		{"-t", "filter", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-j", "DROP"},
	} {
		if err := ipt(args...); err != nil {
			return res, err
		}
	}
	var q *nfqueue.Queue
	var runErr chan error
	rctx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	if queue {
		if err := ipt("-t", "mangle", "-A", "PREROUTING", "-p", "udp", "--dport", "5001", "-j", "NFQUEUE", "--queue-num", "0"); err != nil {
			return res, err
		}
		var err error
		q, err = nfqueue.Open(&nfqueue.Config{NetNS: b.FD(), SpinWait: bc.spin, VerdictDelay: bc.delay})
		if err != nil {
			return res, err
		}
		defer q.Close()
		runErr = make(chan error, 1)
		go func() {
			runtime.LockOSThread()
			runErr <- q.Run(rctx, func(*nfqueue.Packet) nfqueue.Verdict { return nfqueue.Accept })
		}()
	}
	// Generator: bounded by time and count.
	var conns []*net.UDPConn
	for i := 0; i < bc.senders; i++ {
		err := a.Do(func() error {
			c, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(192, 0, 2, 2), Port: 5001})
			conns = append(conns, c)
			return err
		})
		if err != nil {
			return res, err
		}
	}
	gctx, stopGen := context.WithTimeout(ctx, bc.duration+time.Second)
	defer stopGen()
	var sent uint64
	var mu sync.Mutex
	var wg sync.WaitGroup
	payload := make([]byte, bc.size)
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			var n uint64
			for n < bc.maxPkts/uint64(len(conns)) && gctx.Err() == nil {
				for i := 0; i < 256; i++ {
					if _, err := c.Write(payload); err == nil {
						n++
					}
				}
			}
			mu.Lock()
			sent += n
			mu.Unlock()
		}()
	}
	time.Sleep(500 * time.Millisecond) // warm-up
	c0, t0, r0, d0 := dropCount(b), time.Now(), cpuTime(), queueDrops(b)
	select {
	case <-time.After(bc.duration):
	case <-ctx.Done():
	}
	c1, t1, r1, d1 := dropCount(b), time.Now(), cpuTime(), queueDrops(b)
	stopGen()
	wg.Wait()
	secs := t1.Sub(t0).Seconds()
	res.pps = float64(c1-c0) / secs
	res.sentPPS = float64(sent) / (bc.duration + 500*time.Millisecond).Seconds()
	res.cpu = (r1 - r0).Seconds() / secs * 100
	res.drops = float64(d1-d0) / secs
	if queue {
		stopRun()
		if err := <-runErr; err != nil {
			return res, err
		}
	}
	return res, nil
}

// dropCount is the packet counter of the filter INPUT DROP rule in ns.
func dropCount(ns *netns.NS) uint64 {
	out, err := ns.Output("iptables-legacy", "-w", "-t", "filter", "-L", "INPUT", "-v", "-x", "-n")
	if err != nil {
		return 0
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 3 {
		return 0
	}
	f := strings.Fields(lines[2])
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseUint(f[0], 10, 64)
	return n
}

func queueDrops(ns *netns.NS) uint64 {
	st, err := nfqueue.ReadStats(ns.FD())
	if err != nil {
		return 0
	}
	var n uint64
	for _, s := range st {
		n += uint64(s.QueueDropped) + uint64(s.UserDropped)
	}
	return n
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
