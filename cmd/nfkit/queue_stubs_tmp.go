package main

import "github.com/spf13/cobra"

func newQueueWatchCmd() *cobra.Command { return &cobra.Command{Use: "watch"} }
func newQueueStatsCmd() *cobra.Command { return &cobra.Command{Use: "stats"} }
func newQueueBenchCmd() *cobra.Command { return &cobra.Command{Use: "bench"} }
