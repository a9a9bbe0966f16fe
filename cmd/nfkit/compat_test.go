package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/conformance"
	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
)

// outcome is what a command printed (stdout and stderr) and its exit code,
// with the iptables release in version lines made nfkit's.
type outcome struct {
	out  string
	code int
}

func runOutcome(t *testing.T, ns *netns.NS, stdin string, name string, args ...string) outcome {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := ns.Run(cmd)
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return outcome{versionRE.ReplaceAllString(out.String(), iptVersion), code}
}

// The failures scripts test for, and what -v prints for an edit, are what
// the real tool prints, word for word, with its exit code: each command
// runs with the real tool in one namespace and with nfkit in another, in
// the same order.
func TestErrorsLikeReal(t *testing.T) {
	legacyOnly := map[string]bool{
		// iptables-nft 1.8.9 answers these with its own quirks (a kernel
		// error with exit 4; "incompatible" for a missing chain; no check
		// of the rule number -Z is given).
		"-X foo": true, "-X INPUT": true, "-L nosuch": true, "-S nosuch": true, "-Z foo 9": true,
		// It names only the chains the kernel holds, and checks a chain
		// exists before it says it flushes it.
		"-Z -v": true, "-F nosuch -v": true,
	}
	commands := []string{
		"-N foo", "-N foo", "-A foo -s 192.0.2.1 -j ACCEPT",
		"-I foo 5 -j ACCEPT", "-R foo 7 -j ACCEPT", "-D foo 9",
		"-D foo -p udp -j DROP", "-C foo -p udp -j DROP", "-C foo -s 192.0.2.1 -j ACCEPT",
		"-X foo", "-E foo INPUT", "-E nosuch x", "-P foo DROP", "-P INPUT FOO",
		"-A INPUT -j foo", "-X INPUT",
		"-A nosuch -j ACCEPT", "-I nosuch -j ACCEPT", "-C nosuch -j ACCEPT", "-D nosuch -j ACCEPT",
		"-D nosuch 1", "-R nosuch 1 -j ACCEPT", "-F nosuch", "-Z nosuch", "-X nosuch",
		"-L nosuch", "-S nosuch", "-A INPUT -j nosuch", "-A INPUT -g nosuch",
		"-t nosuch -L", "-t nosuch -A INPUT -j ACCEPT",
		// -v prints each rule and each chain an edit touches.
		"-A foo -i lo -p tcp --dport 22 -j ACCEPT -v", "-A foo ! -p udp -f -j DROP -v",
		"-C foo ! -p udp -f -j DROP -v", "-D foo ! -p udp -f -j DROP -v",
		"-I foo 2 -s 192.0.2.0/24 ! -d 198.51.100.1 -m comment --comment hi -j LOG --log-prefix x -v",
		"-Z foo 9", "-P OUTPUT RETURN", "-C INPUT -j nosuch", "-D INPUT -g nosuch",
		"-L foo -Z -v", "-S foo -v", "-Z -v", "-F foo -v", "-F nosuch -v",
		// A warning, and a rule iptables itself cannot read back.
		"-A foo -i a/b -j ACCEPT", "-S foo", "-6 -S",
	}
	for _, be := range []string{"legacy", "nft"} {
		t.Run(be, func(t *testing.T) {
			realNS, ourNS := netnstest.New(t), netnstest.New(t)
			name := "iptables-" + be
			for _, c := range commands {
				args := strings.Fields(c)
				want := runOutcome(t, realNS, "", name, args...)
				got := runOutcome(t, ourNS, "", nfkitBin, append([]string{name}, args...)...)
				if be == "nft" && legacyOnly[c] {
					continue
				}
				if got != want {
					t.Errorf("%s %s:\n got (exit %d) %q\nwant (exit %d) %q", name, c, got.code, got.out, want.code, want.out)
				}
			}
		})
	}
}

// So do failed restores: the line and, on nf_tables, libiptc's reason.
func TestRestoreErrorsLikeReal(t *testing.T) {
	for _, tc := range []struct {
		input  string
		legacy bool // compared with iptables-legacy-restore only
	}{
		{"*filter\n-A INPUT -j ACCEPT\n", false},
		{"*filter\n[1:2 -A INPUT -j ACCEPT\nCOMMIT\n", false},
		{"*filter\n-A nosuch -j ACCEPT\nCOMMIT\n", false},
		{"*filter\n-X INPUT\nCOMMIT\n", true},
		// iptables-nft-restore names the COMMIT line, nfkit the rule's.
		{"*filter\n-A INPUT -j nosuch\nCOMMIT\n", true},
	} {
		for _, be := range []string{"legacy", "nft"} {
			if be == "nft" && tc.legacy {
				continue
			}
			name := "iptables-" + be + "-restore"
			want := runOutcome(t, netnstest.New(t), tc.input, name)
			got := runOutcome(t, netnstest.New(t), tc.input, nfkitBin, name)
			if got != want || got.code == 0 {
				t.Errorf("%s < %q:\n got (exit %d) %q\nwant (exit %d) %q", name, tc.input, got.code, got.out, want.code, want.out)
			}
		}
	}
}

// Every rule of the corpus that iptables refuses is refused by nfkit with
// the same exit code and, where nfkit knows iptables' words, the same bytes
// (see paramText). The rest name the option and value in nfkit's words; so
// do the lines the installed 1.8.9 accepts and 1.8.11 refuses, and those
// where the kernel's EINVAL becomes a reason (xt.ErrKernelCheck). The count
// of identical messages may only grow.
func TestParameterErrorsLikeReal(t *testing.T) {
	dir := conformance.Dir(filepath.Join("..", ".."))
	files, err := conformance.IPv4Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, be := range []conformance.Variant{conformance.Legacy, conformance.NFT} {
		name := "iptables-" + strings.ToLower(string(be))
		t.Run(name, func(t *testing.T) {
			realNS, ourNS := netnstest.New(t), netnstest.New(t)
			same, total := 0, 0
			for _, f := range files {
				cases, err := conformance.Load(filepath.Join(dir, f), be)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cases {
					if c.Result != conformance.Fail {
						continue
					}
					total++
					args := append([]string{"-t", c.Table, "-A", c.Chain}, rules.SplitArgs(c.Rule)...)
					want := runOutcome(t, realNS, "", name, args...)
					got := runOutcome(t, ourNS, "", nfkitBin, append([]string{name}, args...)...)
					switch {
					case got == want:
						same++
					case got.code == 0:
						t.Errorf("%s: nfkit accepts %q", c.Name(), c.Rule)
					case want.code != 0 && got.code != want.code:
						t.Errorf("%s: %q exits %d, iptables %d:\n got %q\nwant %q", c.Name(), c.Rule, got.code, want.code, got.out, want.out)
					}
				}
			}
			t.Logf("%d of %d refusals print what %s prints, byte for byte", same, total, name)
			if same < identicalRefusals {
				t.Errorf("%d of %d refusals are identical to iptables', want at least %d", same, total, identicalRefusals)
			}
		})
	}
}

// identicalRefusals is how many of the corpus's 659 refusals print exactly
// what iptables-legacy and iptables-nft 1.8.9 print (version number aside).
const identicalRefusals = 409

// iptables-save and iptables-restore refuse arguments they do not take
// as they do, in getopt's words, with exit 1.
func TestToolArgsLikeReal(t *testing.T) {
	ns := netnstest.New(t)
	for _, name := range []string{"iptables-legacy-save", "iptables-nft-save", "iptables-legacy-restore", "iptables-nft-restore"} {
		for _, args := range []string{"-t", "-T", "--bogus", "-q", "x y"} {
			want := runOutcome(t, ns, "", name, strings.Fields(args)...)
			got := runOutcome(t, ns, "", nfkitBin, append([]string{name}, strings.Fields(args)...)...)
			if got != want {
				t.Errorf("%s %s:\n got (exit %d) %q\nwant (exit %d) %q", name, args, got.code, got.out, want.code, want.out)
			}
		}
	}
}
