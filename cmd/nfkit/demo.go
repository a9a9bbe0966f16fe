package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
	"github.com/spf13/cobra"
)

// demoRuleset is what `nfkit demo` loads into its sandbox namespace.
const demoRuleset = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:ssh-in - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 22 -g ssh-in
-A INPUT -p icmp --icmp-type echo-request -m limit --limit 10/second -j ACCEPT
-A INPUT -m comment --comment "log the rest" -j LOG --log-prefix "demo-drop: "
-A ssh-in -s 192.0.2.0/24 -j ACCEPT
-A ssh-in -p tcp -j REJECT --reject-with tcp-reset
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 198.51.100.10/32 -p tcp --dport 80 -j DNAT --to-destination 192.0.2.10:8080
-A POSTROUTING -s 192.0.2.0/24 ! -o lo -j MASQUERADE
COMMIT
`

func newDemoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Load an example ruleset into a sandbox network namespace and print it back",
		Long: `demo creates a fresh network namespace (the host's firewall is never
touched), loads an example ruleset through nfkit's legacy x_tables backend,
prints it as iptables-legacy-save would, and, when the real
iptables-legacy-save is installed, checks that it prints the same. It needs
root.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.OutOrStdout())
		},
	}
}

func runDemo(ctx context.Context, w interface{ Write([]byte) (int, error) }) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ns, err := netns.New()
	if err != nil {
		return fmt.Errorf("creating the sandbox namespace (are you root?): %w", err)
	}
	defer ns.Close()
	fmt.Fprintln(w, "# nfkit demo: a fresh network namespace; loading this ruleset:")
	fmt.Fprint(w, demoRuleset)
	var ours []byte
	err = ns.Do(func() error {
		be, err := (&tool{backend: "legacy"}).open()
		if err != nil {
			return err
		}
		defer be.close()
		o := &rules.RestoreOptions{Family: xt.FamilyIPv4}
		o.Supported, o.IPSets = be.supported, be.ipsets()
		if err := be.restore(ctx, strings.NewReader(demoRuleset), o, lockOptions{wait: -1}, false); err != nil {
			return err
		}
		for _, name := range []string{"filter", "nat"} {
			t, err := be.read(ctx, name)
			if err != nil {
				return err
			}
			ours = t.AppendSave(ours, false)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n# read back from the kernel by nfkit (iptables-save format):")
	w.Write(ours)
	if _, err := exec.LookPath("iptables-legacy-save"); err != nil {
		return nil
	}
	var real []byte
	for _, name := range []string{"filter", "nat"} {
		out, err := ns.Output("iptables-legacy-save", "-t", name)
		if err != nil {
			return err
		}
		real = append(real, withoutCommentLines(out)...)
	}
	if bytes.Equal(real, ours) {
		fmt.Fprintln(w, "\n# the real iptables-legacy-save prints exactly the same.")
	} else {
		fmt.Fprintf(os.Stderr, "\n# the real iptables-legacy-save prints something else:\n%s", real)
		return fmt.Errorf("save output differs from iptables-legacy-save")
	}
	return nil
}

func withoutCommentLines(b []byte) []byte {
	var out []byte
	for _, l := range bytes.SplitAfter(b, []byte("\n")) {
		if len(l) > 0 && l[0] != '#' {
			out = append(out, l...)
		}
	}
	return out
}
