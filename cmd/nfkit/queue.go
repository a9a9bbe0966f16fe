package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/nfqueue"
)

// newQueueCmd is the `nfkit queue` command tree (watch, stats, sink, bench).
func newQueueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "NFQUEUE tools: watch packets, kernel stats, a verdict sink, a benchmark",
		Long: `NFQUEUE tools. Packets reach a queue through a rule such as
  iptables -A INPUT -p udp --dport 5001 -j NFQUEUE --queue-num 0
Binding a queue needs CAP_NET_ADMIN in the network namespace; run the
command inside the namespace (ip netns exec NAME nfkit queue ...).`,
	}
	cmd.AddCommand(newQueueWatchCmd(), newQueueStatsCmd(), newQueueSinkCmd(), newQueueBenchCmd())
	return cmd
}

// queueFlags are the options shared by watch and sink.
type queueFlags struct {
	num       uint16
	balance   string
	verdict   string
	maxLen    uint32
	copyRange uint32
	rcvbuf    int
	batch     int
	failOpen  bool
	noGSO     bool
	spin      time.Duration
	delay     time.Duration
}

func (f *queueFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.Uint16Var(&f.num, "num", 0, "queue number")
	fl.StringVar(&f.balance, "balance", "", "queue range A:B, one worker per queue (as --queue-balance)")
	fl.StringVar(&f.verdict, "verdict", "accept", "verdict for every packet: accept, drop, repeat, stop, \"queue N\"")
	fl.Uint32Var(&f.maxLen, "max-len", 0, "queue length (0: 4096)")
	fl.Uint32Var(&f.copyRange, "copy-range", 0, "payload bytes copied per packet (0: 65535)")
	fl.IntVar(&f.rcvbuf, "rcvbuf", 0, "socket receive buffer bytes (0: 8 MiB)")
	fl.IntVar(&f.batch, "batch", 0, "packets read per verdict batch (0: 128)")
	fl.DurationVar(&f.spin, "spin", 0, "poll the socket this long without sleeping before parking (costs CPU, saves kernel wake-ups)")
	fl.DurationVar(&f.delay, "verdict-delay", 0, "let verdicts wait this long for more packets to batch with")
	fl.BoolVar(&f.failOpen, "fail-open", false, "accept packets when the queue is full")
	fl.BoolVar(&f.noGSO, "no-gso", false, "clear NFQA_CFG_F_GSO: the kernel checksums (and segments) packets before queueing")
}

func (f *queueFlags) config() (*nfqueue.Config, nfqueue.Verdict, error) {
	v, err := nfqueue.ParseVerdict(f.verdict)
	if err != nil {
		return nil, 0, err
	}
	return &nfqueue.Config{
		Num:            f.num,
		MaxLen:         f.maxLen,
		CopyRange:      f.copyRange,
		ReadBuffer:     f.rcvbuf,
		BatchSize:      f.batch,
		FailOpen:       f.failOpen,
		NoGSO:          f.noGSO,
		SpinWait:       f.spin,
		VerdictDelay:   f.delay,
		DefaultVerdict: v,
	}, v, nil
}

// open binds the queues the flags name and returns them with the verdict
// of --verdict.
func (f *queueFlags) open() (*nfqueue.Range, nfqueue.Verdict, error) {
	cfg, v, err := f.config()
	if err != nil {
		return nil, 0, err
	}
	first, last, err := f.queueRange()
	if err != nil {
		return nil, 0, err
	}
	r, err := nfqueue.OpenRange(cfg, first, last)
	return r, v, err
}

// queueRange returns the queues to bind: --balance A:B or --num.
func (f *queueFlags) queueRange() (first, last uint16, err error) {
	if f.balance == "" {
		return f.num, f.num, nil
	}
	return parseRange(f.balance)
}

func parseRange(s string) (first, last uint16, err error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("queue range %q: want A:B", s)
	}
	x, err1 := strconv.ParseUint(a, 10, 16)
	y, err2 := strconv.ParseUint(b, 10, 16)
	if err1 != nil || err2 != nil || y < x {
		return 0, 0, fmt.Errorf("queue range %q: want A:B with 0 <= A <= B <= 65535", s)
	}
	return uint16(x), uint16(y), nil
}

// signalContext ends on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
