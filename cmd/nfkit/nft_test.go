package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/internal/conformance"
	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
)

// nftMode is one way of running the .t vectors through nf_tables: who
// writes the rule and who saves it.
type nftMode struct {
	name   string
	write  []string // command that runs "-t T -A CHAIN RULE"
	save   []string // command that runs "-t T"
	expect int      // lines that must pass, of 458
}

// TestConformanceKernelNFT runs the seed extensions' .t vectors with the
// NFT expectations in three ways, each in its own namespace: nfkit writes
// and saves; nfkit writes and the real iptables-nft-save reads; the real
// iptables-nft writes and nfkit saves. (The real iptables-nft 1.8.9 passes
// 435 of the 458 lines.)
func TestConformanceKernelNFT(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-nft", "iptables-nft-save")
	modes := []nftMode{
		{"ours", []string{nfkitBin, "iptables-nft"}, []string{nfkitBin, "iptables-nft-save"}, 458},
		// iptables-nft-save 1.8.9 drops "! --sport 0:65535" (tcp, udp;
		// 4 lines) and prints --icmp-type 255/255 as "any".
		{"ours+real-save", []string{nfkitBin, "iptables-nft"}, []string{"iptables-nft-save"}, 453},
		// The real iptables-nft 1.8.9 itself accepts 4:3 ranges and
		// protocol 0, refuses -ptcp, --queue-balance :, and loses
		// "! --sport 0:65535": 18 lines.
		{"real+our-save", []string{"iptables-nft"}, []string{nfkitBin, "iptables-nft-save"}, 440},
	}
	runNFTModes(t, conformance.Seed, modes)
}

// TestConformanceKernelNFTCorpus runs the rest of the IPv4 corpus through
// nf_tables: nfkit writes and saves, and nfkit writes and the real
// iptables-nft-save reads. Extensions without a native form travel as xt
// compat expressions, which both read.
func TestConformanceKernelNFTCorpus(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-nft", "iptables-nft-save")
	dir := conformance.Dir(filepath.Join("..", ".."))
	rest, err := conformance.Rest(dir)
	if err != nil {
		t.Fatal(err)
	}
	runNFTModes(t, rest, []nftMode{
		// 358 lines; LED and ipvs need modules this kernel lacks (21
		// lines), SECMARK needs SELinux (1).
		{"ours", []string{nfkitBin, "iptables-nft"}, []string{nfkitBin, "iptables-nft-save"}, 336},
		// iptables-nft-save 1.8.9 drops "! --espspi 0:4294967295" (and
		// ah's, ipcomp's): 3 lines.
		{"ours+real-save", []string{nfkitBin, "iptables-nft"}, []string{"iptables-nft-save"}, 333},
		// The real iptables-nft 1.8.9 accepts 4:3 ranges that 1.8.11
		// refuses (ah, dccp, esp, ipcomp): 5 lines.
		{"real+our-save", []string{"iptables-nft"}, []string{nfkitBin, "iptables-nft-save"}, 331},
	})
}

// runNFTModes runs the .t files in each mode, in a namespace of its own,
// with the files' setup commands before each case.
func runNFTModes(t *testing.T, files []string, modes []nftMode) {
	dir := conformance.Dir(filepath.Join("..", ".."))
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			ns := netnstest.New(t)
			pass, total := 0, 0
			var failed []string
			for _, f := range files {
				cases, err := conformance.Load(filepath.Join(dir, f), conformance.NFT)
				if err != nil {
					t.Fatal(err)
				}
				setup, err := conformance.Setup(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				// Rules accumulate within a file (deleting costs an RCU
				// grace period per commit); each check looks at the
				// chain's last rule.
				ns.Output("nft", "flush", "ruleset")
				for _, args := range setup {
					if out, err := ns.Output(m.write[0], append(append([]string{}, m.write[1:]...), args...)...); err != nil {
						t.Fatalf("%s: setup %v: %v %s", f, args, err, out)
					}
				}
				for _, line := range conformance.Lines(cases) {
					total++
					ok := true
					for _, c := range line {
						if err := runNFTCase(ns, m, c); err != nil {
							failed = append(failed, fmt.Sprintf("%s: %v", c.Name(), err))
							ok = false
							break
						}
					}
					if ok {
						pass++
					}
				}
			}
			t.Logf("conformance (nft, %s): %d/%d lines pass; failing:\n%s", m.name, pass, total, strings.Join(failed, "\n"))
			if pass < m.expect {
				t.Errorf("%d/%d lines pass, want at least %d:\n%s", pass, total, m.expect, strings.Join(failed, "\n"))
			}
		})
	}
}

func runNFTCase(ns *netns.NS, m nftMode, c conformance.Case) error {
	args := append(append([]string{}, m.write[1:]...), "-t", c.Table, "-A", c.Chain)
	args = append(args, rules.SplitArgs(c.Rule)...)
	out, err := ns.Output(m.write[0], args...)
	if c.Result == conformance.Fail {
		if err == nil {
			return fmt.Errorf("should fail: %s", c.Rule)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot load: %s: %v %s", c.Rule, err, out)
	}
	want := "-A " + c.Chain + " " + c.Expect
	out, err = ns.Output(m.save[0], append(append([]string{}, m.save[1:]...), "-t", c.Table)...)
	if err != nil {
		return err
	}
	got := lastRule(out, c.Chain)
	if c.Result == conformance.OK && got != want {
		return fmt.Errorf("%s prints %q, want %q", strings.Join(m.save, " "), got, want)
	}
	if c.Result != conformance.OK && got == want {
		return fmt.Errorf("should not match: %s", c.Rule)
	}
	return nil
}

// lastRule returns the last "-A chain ..." line of save output.
func lastRule(save []byte, chain string) string {
	last := ""
	for _, l := range strings.Split(string(save), "\n") {
		if strings.HasPrefix(l, "-A "+chain+" ") {
			last = l
		}
	}
	return last
}

// The real iptables-nft-restore -c writes the ruleset; our save -c prints
// what the real save prints, byte for byte.
func TestNFTSaveReadsRealRestore(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-nft-restore")
	ns := netnstest.New(t)
	mustRun(t, ns, ruleset(t), "iptables-nft-restore", "-c")
	real := mustRun(t, ns, nil, "iptables-nft-save", "-c")
	ours := mustRun(t, ns, nil, nfkitBin, "iptables-nft-save", "-c")
	if d := cmp.Diff(withoutComments(real), withoutComments(ours)); d != "" {
		t.Fatalf("save differs (-real +ours):\n%s", d)
	}
}

// Our restore -c, read back by the real iptables-nft-save -c, prints what
// the real restore -c of the same input prints.
func TestNFTRealSaveReadsOurRestore(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-nft-restore")
	ref := netnstest.New(t)
	mustRun(t, ref, ruleset(t), "iptables-nft-restore", "-c")
	want := mustRun(t, ref, nil, "iptables-nft-save", "-c")
	ns := netnstest.New(t)
	mustRun(t, ns, ruleset(t), nfkitBin, "iptables-nft-restore", "-c")
	got := mustRun(t, ns, nil, "iptables-nft-save", "-c")
	if d := cmp.Diff(withoutComments(want), withoutComments(got)); d != "" {
		t.Fatalf("real save of our restore differs (-real restore +our restore):\n%s", d)
	}
	// A second restore over the first replaces it.
	mustRun(t, ns, ruleset(t), nfkitBin, "iptables-nft-restore", "-c")
	got = mustRun(t, ns, nil, "iptables-nft-save", "-c")
	if d := cmp.Diff(withoutComments(want), withoutComments(got)); d != "" {
		t.Fatalf("second restore differs (-want +got):\n%s", d)
	}
}

// A rule written with nft that no iptables rule expresses is listed as
// foreign, survives a commit of other changes, and nft lists it unchanged.
func TestNFTForeignRule(t *testing.T) {
	netnstest.NeedCommand(t, "nft")
	ns := netnstest.New(t)
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-A", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT")
	mustRun(t, ns, nil, "nft", "add", "rule", "ip", "filter", "INPUT", "tcp", "dport", "{", "22,", "80", "}", "counter", "accept")
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-A", "INPUT", "-s", "192.0.2.2", "-j", "DROP")
	before := mustRun(t, ns, nil, "nft", "-a", "list", "chain", "ip", "filter", "INPUT")
	if !strings.Contains(string(before), "tcp dport { 22, 80 }") {
		t.Fatalf("nft does not list the foreign rule:\n%s", before)
	}
	cmd := exec.Command(nfkitBin, "iptables-nft-save")
	var save, warn bytes.Buffer
	cmd.Stdout, cmd.Stderr = &save, &warn
	if err := ns.Run(cmd); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(save.String(), "-A INPUT -m nft-foreign ") {
		t.Fatalf("our save does not list the foreign rule:\n%s", save.String())
	}
	if !strings.Contains(warn.String(), "table filter holds 1 rule(s) written with nft") {
		t.Errorf("no warning about the foreign rule: %q", warn.String())
	}
	// Other changes: delete the first rule, insert one at the top, change
	// the policy; the foreign rule is not sent again.
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-D", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT")
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-I", "INPUT", "1", "-s", "192.0.2.3", "-j", "ACCEPT")
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-P", "INPUT", "DROP")
	after := mustRun(t, ns, nil, "nft", "-a", "list", "chain", "ip", "filter", "INPUT")
	foreignLine := func(b []byte) string {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "tcp dport { 22, 80 }") {
				return strings.TrimSpace(l)
			}
		}
		return ""
	}
	if foreignLine(before) == "" || foreignLine(before) != foreignLine(after) {
		t.Fatalf("foreign rule changed: before %q, after %q", foreignLine(before), foreignLine(after))
	}
	got := mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-S", "INPUT")
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	want := []string{"-P INPUT DROP", "-A INPUT -s 192.0.2.3/32 -j ACCEPT", "-A INPUT -m nft-foreign", "-A INPUT -s 192.0.2.2/32 -j DROP"}
	if len(lines) != len(want) {
		t.Fatalf("got\n%s", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: got %q, want prefix %q", i, lines[i], w)
		}
	}
}

// 200 rules appended concurrently, half by the real iptables-nft and half
// by ours, are all there afterwards.
func TestNFTConcurrentAppends(t *testing.T) { concurrentAppends(t, "iptables-nft") }

// Counters of rules a commit does not touch survive it; -Z zeroes them.
func TestNFTCountersSurviveCommit(t *testing.T) {
	ns := countersSurviveCommit(t, "iptables-nft")
	mustRun(t, ns, nil, nfkitBin, "iptables-nft", "-Z", "ssh-in")
	got := mustRun(t, ns, nil, "iptables-nft-save", "-c", "-t", "filter")
	if !strings.Contains(string(got), "[0:0] -A ssh-in -j ACCEPT\n") || !strings.Contains(string(got), "[14:840] -A INPUT -m conntrack") {
		t.Errorf("-Z ssh-in:\n%s", got)
	}
}

// A restore whose last table the kernel refuses changes nothing (one
// batch) and names the operation, the rule and the line.
func TestNFTRestoreAllOrNothing(t *testing.T) {
	ns := netnstest.New(t)
	mustRun(t, ns, ruleset(t), nfkitBin, "iptables-nft-restore", "-c")
	before := mustRun(t, ns, nil, "iptables-nft-save", "-c")
	input := []byte("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -m nfkitnosuchmatch --nfkit-raw 0:0000000000000000 -j ACCEPT\nCOMMIT\n")
	msg, err := runIn(t, ns, input, nfkitBin, "iptables-nft-restore")
	if err == nil {
		t.Fatal("restore with an unknown match succeeded")
	}
	for _, w := range []string{"line 7: RULE_APPEND", "RULE_APPEND", "POSTROUTING", "nfkitnosuchmatch"} {
		if !strings.Contains(string(msg), w) {
			t.Errorf("error does not name %q: %s", w, msg)
		}
	}
	after := mustRun(t, ns, nil, "iptables-nft-save", "-c")
	if d := cmp.Diff(withoutComments(before), withoutComments(after)); d != "" {
		t.Fatalf("failed restore changed the kernel (-before +after):\n%s", d)
	}
}

// The plain names use the backend that holds rules, nft when neither does,
// and NFKIT_BACKEND overrides; with rules in both, nft with a warning.
func TestBackendChoice(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-legacy", "iptables-nft")
	run := func(ns *netns.NS, env string) (string, string) {
		cmd := exec.Command(nfkitBin, "iptables-save")
		if env != "" {
			cmd.Env = append(os.Environ(), env)
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := ns.Run(cmd); err != nil {
			t.Fatalf("%v: %s", err, errb.String())
		}
		return out.String(), errb.String()
	}
	ns := netnstest.New(t)
	if out, _ := run(ns, ""); strings.Contains(out, "-A ") {
		t.Fatalf("empty namespace: %s", out)
	}
	mustRun(t, ns, nil, "iptables-legacy", "-A", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT")
	if out, _ := run(ns, ""); !strings.Contains(out, "-A INPUT -s 192.0.2.1/32 -j ACCEPT") {
		t.Errorf("legacy rules only: plain iptables-save printed\n%s", out)
	}
	mustRun(t, ns, nil, "iptables-nft", "-A", "INPUT", "-s", "192.0.2.2", "-j", "ACCEPT")
	out, stderr := run(ns, "")
	if !strings.Contains(out, "192.0.2.2/32") || !strings.Contains(stderr, "iptables-legacy tables present") {
		t.Errorf("both backends: got\n%s\nstderr %q", out, stderr)
	}
	if out, _ := run(ns, "NFKIT_BACKEND=legacy"); !strings.Contains(out, "192.0.2.1/32") || strings.Contains(out, "192.0.2.2/32") {
		t.Errorf("NFKIT_BACKEND=legacy printed\n%s", out)
	}
}

// NFKIT_NFT_COMPAT=1 writes matches as xt compat expressions, which the
// real iptables-nft-save prints the same.
func TestNFTCompatOption(t *testing.T) {
	ns := netnstest.New(t)
	cmd := exec.Command(nfkitBin, "iptables-nft", "-A", "INPUT", "-p", "tcp", "--dport", "80", "-m", "mark", "--mark", "0x10/0xff", "-m", "limit", "--limit", "5/min", "-j", "ACCEPT")
	cmd.Env = append(os.Environ(), "NFKIT_NFT_COMPAT=1")
	if err := ns.Run(cmd); err != nil {
		t.Fatal(err)
	}
	dbg := string(mustRun(t, ns, nil, "nft", "--debug=netlink", "list", "chain", "ip", "filter", "INPUT"))
	for _, m := range []string{"match name tcp", "match name mark", "match name limit"} {
		if !strings.Contains(dbg, m) {
			t.Errorf("no %q in\n%s", m, dbg)
		}
	}
	want := "-A INPUT -p tcp -m tcp --dport 80 -m mark --mark 0x10/0xff -m limit --limit 5/min -j ACCEPT\n"
	for _, save := range [][]string{{"iptables-nft-save"}, {nfkitBin, "iptables-nft-save"}} {
		if out := mustRun(t, ns, nil, save[0], save[1:]...); !strings.Contains(string(out), want) {
			t.Errorf("%v:\n%s", save, out)
		}
	}
}

// The same editing commands through ours and through the real
// iptables-nft, in two namespaces, leave the same ruleset.
func TestNFTEditsLikeReal(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-nft")
	cmds := [][]string{
		{"-N", "FOO"},
		{"-N", "BAR"},
		{"-A", "INPUT", "-s", "192.0.2.1", "-j", "FOO"},
		{"-A", "INPUT", "-p", "tcp", "--dport", "22", "-c", "5", "6", "-j", "ACCEPT"},
		{"-I", "INPUT", "1", "-i", "lo", "-j", "ACCEPT"},
		{"-I", "INPUT", "2", "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP"},
		{"-A", "FOO", "-m", "comment", "--comment", "in foo", "-j", "RETURN"},
		{"-A", "BAR", "-j", "DROP"},
		{"-R", "INPUT", "3", "-s", "192.0.2.9", "-g", "BAR"},
		{"-D", "INPUT", "-i", "lo", "-j", "ACCEPT"},
		{"-E", "FOO", "FOO2"},
		{"-P", "FORWARD", "DROP"},
		{"-Z", "INPUT", "2"},
		// (-P CHAIN POLICY -c P B: iptables-nft 1.8.9 ignores -c, we set
		// the policy counters as libiptc does.)
		{"-Z", "INPUT"},
		{"-Z"},
		{"-t", "nat", "-A", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE"},
		{"-t", "mangle", "-A", "OUTPUT", "-j", "MARK", "--set-mark", "1"},
		{"-F", "BAR"},
		{"-X", "BAR"}, // refused: a rule still jumps to BAR
		{"-D", "INPUT", "-s", "192.0.2.9", "-g", "BAR"},
		{"-X", "BAR"},
		{"-D", "INPUT", "1"},
		{"-D", "INPUT", "7"}, // refused: no rule 7
	}
	real, ours := netnstest.New(t), netnstest.New(t)
	for _, c := range cmds {
		_, rerr := runIn(t, real, nil, "iptables-nft", c...)
		_, oerr := runIn(t, ours, nil, nfkitBin, append([]string{"iptables-nft"}, c...)...)
		if (rerr == nil) != (oerr == nil) {
			t.Fatalf("%v: real %v, ours %v", c, rerr, oerr)
		}
		want := mustRun(t, real, nil, "iptables-nft-save", "-c")
		got := mustRun(t, ours, nil, "iptables-nft-save", "-c")
		if d := cmp.Diff(withoutComments(want), withoutComments(got)); d != "" {
			t.Fatalf("after %v (-real +ours):\n%s", c, d)
		}
	}
}
