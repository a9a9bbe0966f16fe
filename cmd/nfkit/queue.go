package main

import "github.com/spf13/cobra"

// newQueueCmd is the `nfkit queue` command tree (watch, stats, sink, bench).
func newQueueCmd() *cobra.Command {
	return &cobra.Command{Use: "queue", Short: "NFQUEUE tools"}
}
