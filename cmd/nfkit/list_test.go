package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/xt"
)

// listFlagSets are the -L variants compared with the real tool.
var listFlagSets = [][]string{
	{},
	{"-n"},
	{"-v"},
	{"-n", "-v"},
	{"-n", "-v", "-x", "--line-numbers"},
}

// realIPT is the real iptables-legacy the listing tests compare with:
// $NFKIT_IPTABLES_LEGACY (a path; its -restore sits beside it), or the
// installed one. To build 1.8.11: git archive v1.8.11 of iptables, then
// ./autogen.sh && ./configure --disable-nftables --disable-shared
// --enable-static --prefix=$DIR && make install; the binary is
// $DIR/sbin/iptables-legacy.
func realIPT() string {
	if p := os.Getenv("NFKIT_IPTABLES_LEGACY"); p != "" {
		return p
	}
	return "iptables-legacy"
}

// The real tool on the test machines is iptables 1.8.9; nfkit follows
// 1.8.11, which lists two things differently. as1811 rewrites the real
// output into 1.8.11's form, and nothing else; 1.8.11's own output goes
// through unchanged (the tests pass byte for byte against a 1.8.11 built
// from source with NFKIT_IPTABLES_LEGACY=/path/to/iptables-legacy):
//
//   - -L -n, prot column: 1.8.11 prints the names of its own protocol
//     table ("all", "tcp", "icmp", ...) where 1.8.9 printed the number
//     ("0", "6", "1"); other protocols stay numbers with -n in both.
//   - -S: 1.8.11 prints "-p 47" for a protocol outside its table, where
//     1.8.9 printed the /etc/protocols name ("-p gre").
//
// Without -n both versions look addresses up in reverse DNS; the rulesets
// use only TEST-NET and private addresses, which have no PTR record in a
// fresh namespace, so iptables prints them as numbers, as nfkit always
// does.
func as1811(real string, listSave bool) string {
	var out strings.Builder
	for _, line := range strings.SplitAfter(real, "\n") {
		if listSave {
			line = saveProtoRE.ReplaceAllStringFunc(line, func(s string) string {
				m := saveProtoRE.FindStringSubmatch(s)
				if p, ok := xt.ParseProto(m[1]); ok && xt.SaveProtoName(p) == "" {
					return " -p " + strconv.Itoa(int(p))
				}
				return s
			})
		} else if m := protColRE.FindStringSubmatchIndex(line); m != nil {
			n, _ := strconv.Atoi(line[m[2]:m[3]])
			if name := xt.SaveProtoName(uint16(n)); name != "" {
				line = line[:m[2]] + fmt.Sprintf("%-4s ", name) + line[m[4]:]
			}
		}
		out.WriteString(line)
	}
	return out.String()
}

var (
	// protColRE finds the prot column of a -L line: the first number
	// followed by the opt column ("--", "-f" or "!f").
	protColRE = regexp.MustCompile(`^.*?[ !](\d+) +()(?:--|-f|!f) `)
	// saveProtoRE finds a -p option of a -S line.
	saveProtoRE = regexp.MustCompile(` -p ([a-z][a-z0-9-]*)`)
)

// listRulesets restores each testdata file with the real
// iptables-legacy-restore -c in a fresh namespace and calls fn with it.
func listRulesets(t *testing.T, fn func(t *testing.T, run func(args ...string) (real, ours string))) {
	ipt := realIPT()
	netnstest.NeedCommand(t, ipt, ipt+"-restore")
	for _, file := range []string{"testdata/ruleset.txt", "testdata/list.txt", "testdata/list2.txt"} {
		t.Run(strings.TrimPrefix(file, "testdata/"), func(t *testing.T) {
			input, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ns := netnstest.New(t)
			mustRun(t, ns, input, ipt+"-restore", "-c")
			fn(t, func(args ...string) (string, string) {
				real := mustRun(t, ns, nil, ipt, args...)
				ours := mustRun(t, ns, nil, nfkitBin, append([]string{"iptables-legacy"}, args...)...)
				return string(real), string(ours)
			})
		})
	}
}

// nfkit iptables-legacy -L prints every table of the rulesets (every
// seed extension with its print options) byte for byte as the real
// iptables-legacy -L, in every format, once 1.8.9's output is brought to
// 1.8.11's (see as1811).
func TestListMatchesReal(t *testing.T) {
	listRulesets(t, func(t *testing.T, run func(...string) (string, string)) {
		for _, table := range []string{"filter", "nat", "mangle", "raw"} {
			for _, flags := range listFlagSets {
				args := append([]string{"-t", table, "-L"}, flags...)
				real, ours := run(args...)
				if d := cmp.Diff(as1811(real, false), ours); d != "" {
					t.Errorf("%v differs (-real +ours):\n%s", args, d)
				}
			}
			for _, flags := range [][]string{{"-S"}, {"-S", "-v"}} {
				args := append([]string{"-t", table}, flags...)
				real, ours := run(args...)
				if d := cmp.Diff(as1811(real, true), ours); d != "" {
					t.Errorf("%v differs (-real +ours):\n%s", args, d)
				}
			}
		}
	})
}

// -L and -S of one chain, and of one rule of it, match the real tool too;
// a rule number past the end lists nothing.
func TestListChainMatchesReal(t *testing.T) {
	listRulesets(t, func(t *testing.T, run func(...string) (string, string)) {
		cases := [][]string{
			{"-L", "INPUT"},
			{"-L", "INPUT", "2"},
			{"-n", "-v", "-L", "INPUT", "1"},
			{"-L", "OUTPUT", "-v", "-x", "--line-numbers"},
			{"-L", "INPUT", "99"},
			{"-S", "INPUT"},
			{"-S", "INPUT", "2"},
			{"-S", "INPUT", "-v"},
			{"-S", "INPUT", "99"},
			{"-t", "nat", "-L", "PREROUTING", "-n"},
			{"-t", "mangle", "-S", "PREROUTING"},
		}
		for _, args := range cases {
			real, ours := run(args...)
			listSave := args[0] == "-S" || len(args) > 2 && args[2] == "-S"
			if d := cmp.Diff(as1811(real, listSave), ours); d != "" {
				t.Errorf("%v differs (-real +ours):\n%s", args, d)
			}
		}
	})
}

// A chain that does not exist is reported as iptables reports it, with
// exit code 1.
func TestListNoChain(t *testing.T) {
	ipt := realIPT()
	netnstest.NeedCommand(t, ipt)
	ns := netnstest.New(t)
	for _, op := range []string{"-L", "-S"} {
		real, realErr := runIn(t, ns, nil, ipt, op, "NOPE")
		ours, err := runIn(t, ns, nil, nfkitBin, "iptables-legacy", op, "NOPE")
		if realErr == nil || err == nil {
			t.Fatalf("%s NOPE succeeded: real %v, ours %v", op, realErr, err)
		}
		if d := cmp.Diff(string(real), string(ours)); d != "" {
			t.Errorf("%s NOPE: message differs (-real +ours):\n%s", op, d)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("%s NOPE: %v, want exit code 1", op, err)
		}
	}
}

// as1811 rewrites exactly the two columns 1.8.9 prints differently.
func TestAs1811(t *testing.T) {
	for _, c := range []struct {
		in, want string
		save     bool
	}{
		{"ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n",
			"ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           \n", false},
		{"   13   780 ssh-in     6    -f  *      *       0.0.0.0/0            0.0.0.0/0           [goto]  tcp dpt:22\n",
			"   13   780 ssh-in     tcp  -f  *      *       0.0.0.0/0            0.0.0.0/0           [goto]  tcp dpt:22\n", false},
		{"1       0     0            !1    !f  *      *       0.0.0.0/0            0.0.0.0/0           \n",
			"1       0     0            !icmp !f  *      *       0.0.0.0/0            0.0.0.0/0           \n", false},
		{"ACCEPT     47   --  0.0.0.0/0            0.0.0.0/0           \n",
			"ACCEPT     47   --  0.0.0.0/0            0.0.0.0/0           \n", false},
		{"-A INPUT -p gre ! -f\n", "-A INPUT -p 47 ! -f\n", true},
		{"-A INPUT ! -p tcp -f\n", "-A INPUT ! -p tcp -f\n", true},
	} {
		if got := as1811(c.in, c.save); got != c.want {
			t.Errorf("as1811(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
