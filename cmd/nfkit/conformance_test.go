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
	want := []byte("\n-A " + c.Chain + " " + c.Expect + "\n")
	for _, save := range [][]string{{nfkitBin, "iptables-legacy-save", "-t", c.Table}, {"iptables-legacy-save", "-t", c.Table}} {
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
	return nil
}
