package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/nfqueue"
)

func newQueueStatsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Print the kernel's per-queue table (/proc/net/netfilter/nfnetlink_queue)",
		Long: `stats prints /proc/net/netfilter/nfnetlink_queue of the current network
namespace with named columns:
  QUEUE    queue number
  PORTID   netlink port id of the bound socket
  QUEUED   packets waiting for a verdict
  COPY     copy mode (none, meta, packet) and RANGE the copy range
  QDROPPED packets dropped because the queue was full
  UDROPPED packets lost because the socket buffer was full (ENOBUFS)
  LASTID   id of the last packet queued`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := nfqueue.ReadStats(0)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				for _, s := range st {
					b, _ := json.Marshal(map[string]any{
						"queue": s.Queue, "port_id": s.PortID, "queued": s.Queued, "copy_mode": s.CopyMode.String(),
						"copy_range": s.CopyRange, "queue_dropped": s.QueueDropped, "user_dropped": s.UserDropped, "last_id": s.LastID,
					})
					fmt.Fprintf(out, "%s\n", b)
				}
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "QUEUE\tPORTID\tQUEUED\tCOPY\tRANGE\tQDROPPED\tUDROPPED\tLASTID\t")
			for _, s := range st {
				fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%d\t%d\t%d\t%d\t\n", s.Queue, s.PortID, s.Queued, s.CopyMode, s.CopyRange, s.QueueDropped, s.UserDropped, s.LastID)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per queue")
	return cmd
}
