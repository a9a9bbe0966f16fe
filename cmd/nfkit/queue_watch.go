package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/nfqueue"
)

func newQueueWatchCmd() *cobra.Command {
	var (
		f       queueFlags
		mark    int64
		asJSON  bool
		count   uint64
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Print each queued packet and give it a verdict",
		Long: `watch binds the queue (or the --balance range) and prints one line per packet:
time, queue, packet id, hook, interfaces, protocol, addresses, ports, length,
mark and verdict. With --json it prints one JSON object per line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := signalContext()
			defer cancel()
			if timeout > 0 {
				go func() {
					select {
					case <-time.After(timeout):
						cancel()
					case <-ctx.Done():
					}
				}()
			}
			r, v, err := f.open()
			if err != nil {
				return err
			}
			defer r.Close()
			w := &watcher{out: cmd.OutOrStdout(), json: asJSON}
			var seen atomic.Uint64
			return r.Run(ctx, func(p *nfqueue.Packet) nfqueue.Verdict {
				if mark >= 0 {
					p.SetMark(uint32(mark))
				}
				w.print(p, v)
				if count > 0 && seen.Add(1) >= count {
					cancel()
				}
				return v
			})
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.Int64Var(&mark, "mark", -1, "set this packet mark with the verdict")
	fl.BoolVar(&asJSON, "json", false, "one JSON object per packet")
	fl.Uint64Var(&count, "count", 0, "stop after this many packets (0: until SIGINT/SIGTERM)")
	fl.DurationVar(&timeout, "timeout", 0, "stop after this long (0: until SIGINT/SIGTERM)")
	return cmd
}

// watchLine is one packet as printed by watch --json.
type watchLine struct {
	Time    time.Time `json:"time"`
	Queue   uint16    `json:"queue"`
	ID      uint32    `json:"id"`
	Family  string    `json:"family"`
	Hook    string    `json:"hook"`
	In      string    `json:"in,omitempty"`
	Out     string    `json:"out,omitempty"`
	Proto   string    `json:"proto"`
	Src     string    `json:"src,omitempty"`
	Dst     string    `json:"dst,omitempty"`
	SrcPort uint16    `json:"sport,omitempty"`
	DstPort uint16    `json:"dport,omitempty"`
	Len     int       `json:"len"`
	Mark    uint32    `json:"mark"`
	Verdict string    `json:"verdict"`
}

type watcher struct {
	mu   sync.Mutex
	out  io.Writer
	json bool
}

func (w *watcher) print(p *nfqueue.Packet, v nfqueue.Verdict) {
	l := watchLine{
		Queue: p.Queue(), ID: p.ID(), Family: p.Family().String(), Hook: p.Hook().String(),
		In: p.InDevName(), Out: p.OutDevName(), Len: p.Len(), Verdict: v.String(),
	}
	if ts, ok := p.Timestamp(); ok {
		l.Time = ts
	} else {
		l.Time = time.Now()
	}
	l.Mark, _ = p.Mark()
	l.Proto = fmt.Sprintf("0x%04x", p.HWProtocol())
	if h, err := nfqueue.ParseHeaders(p.Payload()); err == nil {
		l.Src, l.Dst, l.SrcPort, l.DstPort = h.Src.String(), h.Dst.String(), h.SrcPort, h.DstPort
		l.Proto = protoName(h.Protocol)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.json {
		b, _ := json.Marshal(l)
		fmt.Fprintf(w.out, "%s\n", b)
		return
	}
	src, dst := l.Src, l.Dst
	if l.SrcPort != 0 || l.DstPort != 0 {
		src, dst = fmt.Sprintf("%s:%d", l.Src, l.SrcPort), fmt.Sprintf("%s:%d", l.Dst, l.DstPort)
	}
	fmt.Fprintf(w.out, "%s q%d id=%d %s %s in=%s out=%s %s %s -> %s len=%d mark=%#x %s\n",
		l.Time.Format("15:04:05.000000"), l.Queue, l.ID, l.Family, l.Hook, dash(l.In), dash(l.Out),
		l.Proto, src, dst, l.Len, l.Mark, l.Verdict)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func protoName(p uint8) string {
	switch p {
	case nfqueue.ProtoTCP:
		return "tcp"
	case nfqueue.ProtoUDP:
		return "udp"
	case nfqueue.ProtoICMP:
		return "icmp"
	case nfqueue.ProtoICMPv6:
		return "icmpv6"
	}
	return fmt.Sprintf("proto-%d", p)
}
