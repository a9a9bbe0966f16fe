package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/nfkit/nfkit/internal/ipset"
	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
)

func newRulesetCmd() *cobra.Command {
	var backend string
	cmd := &cobra.Command{
		Use:   "ruleset",
		Short: "Compare the kernel's tables with a ruleset file, or make them hold it",
		Long: `ruleset works on whole tables given as iptables-restore input (FILE, or -
for standard input):
  diff   prints the iptables commands that turn the kernel's tables into
         FILE's (for the tables FILE names), nothing when they match
  apply  makes the kernel's tables hold FILE's: rules that stay keep their
         counters, and if one table fails every table is put back
The backend is --backend legacy|nft, else NFKIT_BACKEND, else the one
iptables.Detect chooses.`,
	}
	cmd.PersistentFlags().StringVar(&backend, "backend", "", "legacy or nft (default: detected)")
	load := func(file string) (*rules.Ruleset, *iptables.Options, error) {
		if backend == "" {
			backend = os.Getenv("NFKIT_BACKEND")
		}
		b, err := iptables.ParseBackend(backend)
		if err != nil {
			return nil, nil, err
		}
		in := os.Stdin
		if file != "-" {
			if in, err = os.Open(file); err != nil {
				return nil, nil, err
			}
			defer in.Close()
		}
		var sets ipset.Lazy
		defer sets.Close()
		tabs, err := rules.ParseRestore(in, &rules.RestoreOptions{Counters: true, IPSets: &sets, NFT: b == iptables.BackendNFT})
		if err != nil {
			return nil, nil, err
		}
		rs := &rules.Ruleset{}
		for _, rt := range tabs {
			rs.Tables = append(rs.Tables, rt.Table)
		}
		return rs, &iptables.Options{Backend: b}, nil
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "diff FILE",
		Short: "Print the iptables commands that turn the kernel's tables into FILE's",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			want, o, err := load(args[0])
			if err != nil {
				return err
			}
			ctx := context.Background()
			for _, wt := range want.Tables {
				h, err := iptables.Open(ctx, wt.Name, o)
				if err != nil {
					return err
				}
				cur, err := h.Table()
				h.Close()
				if err != nil {
					return err
				}
				fmt.Fprint(cmd.OutOrStdout(), rules.Diff(cur, wt))
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "apply FILE",
		Short: "Make the kernel's tables hold FILE's",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			want, o, err := load(args[0])
			if err != nil {
				return err
			}
			return iptables.ApplyRuleset(context.Background(), want, o)
		},
	})
	return cmd
}
