package main

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
)

// -m set and -j SET name ipsets, which the kernel knows by index: both backends
// resolve names when they write and when they print, so that our rules
// read like the real tool's and the real tool's like ours.
func TestIPSetRules(t *testing.T) {
	netnstest.NeedCommand(t, "ipset", "iptables-legacy", "iptables-nft")
	for _, be := range []string{"legacy", "nft"} {
		t.Run(be, func(t *testing.T) {
			ns := netnstest.New(t)
			mustRun(t, ns, nil, "ipset", "create", "foo", "hash:ip")
			mustRun(t, ns, nil, "ipset", "create", "bar", "hash:net,port")
			ours := []string{"-A", "INPUT", "-m", "set", "!", "--match-set", "bar", "src,dst", "--return-nomatch", "-j", "DROP"}
			real := []string{"-A", "INPUT", "-m", "set", "--match-set", "foo", "src", "--packets-gt", "5", "-j", "ACCEPT"}
			mustRun(t, ns, nil, nfkitBin, append([]string{"iptables-" + be}, ours...)...)
			mustRun(t, ns, nil, "iptables-"+be, real...)
			mustRun(t, ns, nil, nfkitBin, "iptables-"+be, "-A", "INPUT", "-j", "SET", "--add-set", "foo", "src", "--exist", "--timeout", "30")
			mustRun(t, ns, nil, "iptables-"+be, "-A", "INPUT", "-j", "SET", "--del-set", "bar", "dst,src")
			want := "-A INPUT -m set ! --match-set bar src,dst --return-nomatch -j DROP\n" +
				"-A INPUT -m set --match-set foo src --packets-gt 5 -j ACCEPT\n" +
				"-A INPUT -j SET --add-set foo src --exist --timeout 30\n" +
				"-A INPUT -j SET --del-set bar dst,src\n"
			for _, save := range [][]string{{"iptables-" + be + "-save"}, {nfkitBin, "iptables-" + be + "-save"}} {
				out := string(mustRun(t, ns, nil, save[0], save[1:]...))
				if got := rulesOf(out); got != want {
					t.Errorf("%s prints\n%s\nwant\n%s", strings.Join(save, " "), got, want)
				}
			}
			// A set that does not exist is refused as iptables refuses it.
			out, err := ns.Output(nfkitBin, "iptables-"+be, "-A", "INPUT", "-m", "set", "--match-set", "nosuch", "src")
			if err == nil || !strings.Contains(err.Error()+string(out), "Set nosuch doesn't exist.") {
				t.Errorf("nosuch: %v %s", err, out)
			}
		})
	}
}

// rulesOf returns the -A lines of save output.
func rulesOf(save string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(save, "\n") {
		if strings.HasPrefix(l, "-A ") {
			b.WriteString(l)
		}
	}
	return b.String()
}
