package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/nfqueue"
)

func newQueueSinkCmd() *cobra.Command {
	var f queueFlags
	cmd := &cobra.Command{
		Use:   "sink",
		Short: "Give every packet one verdict as fast as possible",
		Long: `sink binds the queue, prints "ready", and gives every packet the --verdict
(accept by default) in batches. On SIGINT or SIGTERM it stops, gives
verdicts to what it still holds, unbinds, and prints its counters:
  NFQ impl=nfkit verdicts=.. received=.. messages=.. sends=.. errors=.. user_s=.. sys_s=..`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := signalContext()
			defer cancel()
			r, v, err := f.open()
			if err != nil {
				return err
			}
			defer r.Close()
			handler := func(*nfqueue.Packet) nfqueue.Verdict { return v }
			qs := r.Queues()
			fmt.Fprintf(cmd.OutOrStdout(), "NFQ ready impl=nfkit queue=%d:%d\n", qs[0].Num(), qs[len(qs)-1].Num())
			err = r.Run(ctx, handler)
			c := r.Counters()
			var ru syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
			fmt.Fprintf(cmd.OutOrStdout(), "NFQ impl=nfkit verdicts=%d received=%d messages=%d sends=%d defaulted=%d errors=%d enobufs=%d user_s=%.2f sys_s=%.2f\n",
				c.Verdicts(), c.Received, c.VerdictMessages, c.Sends, c.Defaulted, c.Errors, c.ENOBUFS,
				tv(ru.Utime), tv(ru.Stime))
			if err != nil {
				fmt.Fprintln(os.Stderr, "nfkit: queue sink:", err)
			}
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
