package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/conformance"
	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
)

// TestConformanceKernelLegacy runs the seed extensions' .t vectors the way
// iptables-test.py does, with nfkit in place of iptables, in a fresh
// namespace: "nfkit iptables-legacy -t T -A CHAIN RULE" must succeed (OK)
// or fail (FAIL); then both "nfkit iptables-legacy-save" and the real
// "iptables-legacy-save" must print "-A CHAIN EXPECTED" (OK) or not
// (NOMATCH). The real iptables-legacy 1.8.9 passes 438 of the 458 lines.
func TestConformanceKernelLegacy(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-legacy-save")
	ns := netnstest.New(t)
	dir := conformance.Dir(filepath.Join("..", ".."))
	pass, total := 0, 0
	for _, f := range conformance.Seed {
		cases, err := conformance.Load(filepath.Join(dir, f), conformance.Legacy)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range conformance.Lines(cases) {
			total++
			ok := true
			for _, c := range line {
				if err := runKernelCase(ns, c); err != nil {
					t.Errorf("%s: %v", c.Name(), err)
					ok = false
					break
				}
			}
			if ok {
				pass++
			}
		}
	}
	t.Logf("conformance (legacy kernel round trip): %d/%d seed lines pass", pass, total)
}

// saved189 lists the lines that the real iptables-legacy-save 1.8.9 on
// these machines prints differently from 1.8.11, which nfkit follows: what
// 1.8.9 prints instead, checked against the real save.
//   - 1.8.11 keeps "! -i +" (1.8.9 dropped any interface with an empty mask);
//   - 1.8.11 keeps an inverted full port range "! --sport 0:65535";
//   - 1.8.11 prints "--icmp-type 255/255" where 1.8.9 prints "any".
var saved189 = map[string]string{
	"iptables.t:8":     "",
	"libxt_tcp.t:10":   "-p tcp -m tcp",
	"libxt_tcp.t:16":   "-p tcp -m tcp",
	"libxt_udp.t:10":   "-p udp -m udp",
	"libxt_udp.t:16":   "-p udp -m udp",
	"libipt_icmp.t:13": "-p icmp -m icmp --icmp-type any",
	"libipt_ah.t:15":   "-p ah -m ah",
	"libxt_esp.t:8":    "-p esp -m esp",
	"libxt_ipcomp.t:5": "-p ipcomp -m ipcomp",
}

func runKernelCase(ns *netns.NS, c conformance.Case) error {
	args := append([]string{"iptables-legacy", "-t", c.Table, "-A", c.Chain}, rules.SplitArgs(c.Rule)...)
	out, err := ns.Output(nfkitBin, args...)
	if c.Result == conformance.Fail {
		if err == nil {
			ns.Output(nfkitBin, "iptables-legacy", "-t", c.Table, "-F")
			return fmt.Errorf("should fail: %s", c.Rule)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot load: %s: %v %s", c.Rule, err, out)
	}
	defer ns.Output(nfkitBin, "iptables-legacy", "-t", c.Table, "-F")
	for i, save := range [][]string{{nfkitBin, "iptables-legacy-save", "-t", c.Table}, {"iptables-legacy-save", "-t", c.Table}} {
		want := []byte(strings.TrimRight("\n-A "+c.Chain+" "+c.Expect, " ") + "\n")
		if alt, ok := saved189[fmt.Sprintf("%s:%d", c.File, c.Line)]; ok && i == 1 {
			want = []byte(strings.TrimRight("\n-A "+c.Chain+" "+alt, " ") + "\n")
		}
		out, err := ns.Output(save[0], save[1:]...)
		if err != nil {
			return err
		}
		found := bytes.Contains(out, want)
		if c.Result == conformance.OK && !found {
			return fmt.Errorf("%s does not print %q:\n%s", strings.Join(save, " "), bytes.TrimSpace(want), out)
		}
		if c.Result != conformance.OK && found {
			return fmt.Errorf("should not match: %s", c.Rule)
		}
	}
	return listLikeReal(ns, c.Table, c.Chain)
}

// listLikeReal compares nfkit's -L of one chain with the real tool's, in
// the numeric and the named form (see as1811).
func listLikeReal(ns *netns.NS, table, chain string) error {
	for _, flags := range [][]string{{"-n", "-v", "-x"}, {"-v"}} {
		args := append([]string{"-t", table, "-L", chain}, flags...)
		real, err := ns.Output("iptables-legacy", args...)
		if err != nil {
			return fmt.Errorf("real -L: %v %s", err, real)
		}
		ours, err := ns.Output(nfkitBin, append([]string{"iptables-legacy"}, args...)...)
		if err != nil {
			return fmt.Errorf("-L: %v %s", err, ours)
		}
		if want := as1811(string(real), false); string(ours) != want {
			return fmt.Errorf("-L %s differs:\nreal:\n%s\nours:\n%s", strings.Join(flags, " "), want, ours)
		}
	}
	return nil
}

// TestConformanceKernelLegacyCorpus runs the rest of the IPv4 corpus (every
// extension beyond the seed) the same way. Lines fail where this kernel
// lacks a module (LED, ipvs), where the .t file's setup creates objects
// first (ipsets, nfacct, RATEEST estimators), or where the kernel refuses
// what only it checks (SELinux contexts, cgroup paths).
func TestConformanceKernelLegacyCorpus(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-legacy-save")
	ns := netnstest.New(t)
	dir := conformance.Dir(filepath.Join("..", ".."))
	files, err := conformance.Rest(dir)
	if err != nil {
		t.Fatal(err)
	}
	pass, total := 0, 0
	var failed []string
	for _, f := range files {
		cases, err := conformance.Load(filepath.Join(dir, f), conformance.Legacy)
		if err != nil {
			t.Fatal(err)
		}
		setup, err := conformance.Setup(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range conformance.Lines(cases) {
			total++
			ok := true
			for _, c := range line {
				// Each case flushes its table after it: set up again.
				for _, args := range setup {
					if out, err := ns.Output(nfkitBin, append([]string{"iptables-legacy"}, args...)...); err != nil {
						t.Fatalf("%s: setup %v: %v %s", f, args, err, out)
					}
				}
				if err := runKernelCase(ns, c); err != nil {
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
	t.Logf("conformance (legacy kernel round trip): %d/%d lines beyond the seed pass; failing:\n%s", pass, total, strings.Join(failed, "\n"))
	if pass < corpusKernelFloor {
		t.Errorf("%d/%d lines pass, want at least %d", pass, total, corpusKernelFloor)
	}
}

// corpusKernelFloor is how many of the 358 lines beyond the seed pass on
// the CI kernel: all but LED (2 lines) and ipvs (19), which it lacks, and
// SECMARK (1), which needs SELinux. Fewer is a regression.
const corpusKernelFloor = 336
