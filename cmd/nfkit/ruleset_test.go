package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
)

// nfkit ruleset diff prints the commands that turn the kernel's table into
// a file's, and apply makes the real save print the file, on both
// backends; after it the diff is empty.
func TestRulesetCommand(t *testing.T) {
	const want = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:web - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j web
-A web -j ACCEPT
COMMIT
`
	file := filepath.Join(t.TempDir(), "rules")
	if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, be := range []string{"legacy", "nft"} {
		t.Run(be, func(t *testing.T) {
			netnstest.NeedCommand(t, "iptables-"+be, "iptables-"+be+"-save")
			ns := netnstest.New(t)
			mustRun(t, ns, nil, "iptables-"+be, "-N", "old")
			mustRun(t, ns, nil, "iptables-"+be, "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT")
			mustRun(t, ns, nil, "iptables-"+be, "-A", "INPUT", "-s", "10.0.0.1", "-j", "DROP")
			diff := string(mustRun(t, ns, nil, nfkitBin, "ruleset", "--backend", be, "diff", file))
			const wantDiff = `-t filter -N web
-t filter -P INPUT DROP
-t filter -D INPUT 2
-t filter -I INPUT 2 -p tcp -m tcp --dport 80 -j web
-t filter -I web 1 -j ACCEPT
-t filter -X old
`
			if diff != wantDiff {
				t.Errorf("diff:\n%s\nwant:\n%s", diff, wantDiff)
			}
			mustRun(t, ns, nil, nfkitBin, "ruleset", "--backend", be, "apply", file)
			var got strings.Builder
			for _, l := range strings.SplitAfter(string(mustRun(t, ns, nil, "iptables-"+be+"-save")), "\n") {
				if !strings.HasPrefix(l, "#") {
					got.WriteString(l)
				}
			}
			if got.String() != want {
				t.Errorf("after apply, the real save prints:\n%s", got.String())
			}
			if d := mustRun(t, ns, nil, nfkitBin, "ruleset", "--backend", be, "diff", file); len(d) != 0 {
				t.Errorf("diff after apply:\n%s", d)
			}
		})
	}
}
