package main

import (
	"os"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
)

// Every rule the real iptables-legacy-restore wrote is found again by
// "nfkit iptables-legacy -C" with the specification iptables-save prints
// (libiptc's rule comparison, kernel-private fields included), and removed
// by "-D" with the same specification.
func TestCheckAndDeleteBySpec(t *testing.T) {
	netnstest.NeedCommand(t, "iptables-legacy-restore")
	for _, file := range []string{"testdata/ruleset.txt", "testdata/list.txt", "testdata/list2.txt"} {
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ns := netnstest.New(t)
		mustRun(t, ns, in, "iptables-legacy-restore")
		saved := mustRun(t, ns, nil, "iptables-legacy-save")
		table, n := "", 0
		for _, line := range strings.Split(string(saved), "\n") {
			switch {
			case strings.HasPrefix(line, "*"):
				table = line[1:]
			case strings.HasPrefix(line, "-A "):
				n++
				spec := rules.SplitArgs(line)[1:] // CHAIN and the rule
				for _, op := range []string{"-C", "-D"} {
					args := append([]string{"iptables-legacy", "-t", table, op}, spec...)
					if out, err := runIn(t, ns, nil, nfkitBin, args...); err != nil {
						t.Errorf("%s: %s %s: %v %s", file, op, line, err, out)
					}
				}
			}
		}
		left := mustRun(t, ns, nil, "iptables-legacy-save")
		if c := strings.Count(string(left), "\n-A "); c != 0 || n == 0 {
			t.Errorf("%s: %d rules checked, %d left after deleting each", file, n, c)
		}
	}
}
