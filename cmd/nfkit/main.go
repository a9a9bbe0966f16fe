// Command nfkit is a multi-call binary: native commands (queue, demo) and the
// iptables-compatible names iptables, iptables-save, iptables-restore and
// their -legacy and -nft forms. Each name works as a subcommand
// (nfkit iptables-legacy -A INPUT ...) and through a symlink named after it.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

func main() {
	if path := os.Getenv("NFKIT_CPUPROFILE"); path != "" {
		stop := startProfile(path)
		code := run(os.Args)
		stop()
		os.Exit(code)
	}
	os.Exit(run(os.Args))
}

// startProfile writes a CPU profile to path until the returned function
// is called (NFKIT_CPUPROFILE, for measuring the commands).
func startProfile(path string) func() {
	f, err := os.Create(path)
	if err != nil {
		fatalf("%v", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fatalf("%v", err)
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// run dispatches on the program name first, then on the subcommand.
func run(args []string) int {
	// The iptables commands are short-lived and allocate in proportion to
	// the ruleset: collect garbage only when the heap nears a generous
	// limit, not every time it doubles (GOGC and GOMEMLIMIT override).
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(2 << 30)
	}
	name := filepath.Base(args[0])
	if fn, ok := multiCall[name]; ok {
		return fn(name, args[1:])
	}
	if len(args) > 1 {
		if fn, ok := multiCall[args[1]]; ok {
			return fn(args[1], args[2:])
		}
	}
	root := newRootCmd()
	root.SetArgs(args[1:])
	if err := root.Execute(); err != nil {
		return 1
	}
	return 0
}

// multiCall maps the iptables-compatible names to their entry points. They
// bypass cobra: iptables' own argument syntax is not POSIX-getopt friendly
// (! before options, -ptcp, long options that collide with cobra's).
var multiCall = map[string]func(name string, args []string) int{
	"iptables":                iptablesMain,
	"iptables-legacy":         iptablesMain,
	"iptables-nft":            iptablesMain,
	"iptables-save":           saveMain,
	"iptables-legacy-save":    saveMain,
	"iptables-nft-save":       saveMain,
	"iptables-restore":        restoreMain,
	"iptables-legacy-restore": restoreMain,
	"iptables-nft-restore":    restoreMain,
	// IPv6 is not modelled yet: say so, rather than run as nfkit.
	"ip6tables":                noIPv6Main,
	"ip6tables-legacy":         noIPv6Main,
	"ip6tables-nft":            noIPv6Main,
	"ip6tables-save":           noIPv6Main,
	"ip6tables-legacy-save":    noIPv6Main,
	"ip6tables-nft-save":       noIPv6Main,
	"ip6tables-restore":        noIPv6Main,
	"ip6tables-legacy-restore": noIPv6Main,
	"ip6tables-nft-restore":    noIPv6Main,
}

// noIPv6Main refuses the ip6tables names with iptables' exit code for
// errors other than bad parameters.
func noIPv6Main(name string, _ []string) int {
	fmt.Fprintf(os.Stderr, "%s: IPv6 (ip6tables) is not supported by nfkit yet; only the IPv4 iptables commands are\n", name)
	return 1
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "nfkit",
		Short:         "Linux packet filtering from Go: iptables rules and NFQUEUE",
		SilenceUsage:  true,
		SilenceErrors: false,
	}
	root.AddCommand(newQueueCmd(), newDemoCmd(), newRulesetCmd(), newVersionCmd())
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// newVersionCmd prints nfkit's own version: the iptables names print the
// real tool's version line instead, which scripts parse.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print nfkit's version and the iptables release its commands follow",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "nfkit %s (iptables %s commands, legacy and nf_tables)\n", v, iptVersion)
		},
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "nfkit: "+format+"\n", a...)
}
