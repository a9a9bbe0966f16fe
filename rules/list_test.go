package rules_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// listInput has counters at the K/M/G/T boundaries, a non-contiguous
// mask, inverted interfaces, protocol and fragment flags, a goto and a
// rule without a target.
const listInput = `*filter
:INPUT DROP [123456:99999]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [9999500:1000000000000000]
:web - [0:0]
[100000:9999999] -A INPUT -s 10.0.0.0/255.0.255.0 ! -d 192.0.2.1/32 ! -i eth+ -p 200 -f -j web
[99999:9999499] -A INPUT -p udp -m udp --dport 53 -j REJECT --reject-with icmp-host-prohibited
[5:6] -A FORWARD ! -p tcp ! -f -o lo -g web
[0:0] -A web
COMMIT
`

// The expectations are the real iptables-legacy 1.8.9's output for
// listInput (unshare -n sh -c 'iptables-legacy-restore -c < in &&
// iptables-legacy -L -v'), checked by hand against iptables 1.8.11's
// print_header, print_firewall and xtables_print_num; with -n, the prot
// column is 1.8.11's ("udp", "!tcp", "all" where 1.8.9 prints 17, !6, 0).
// "|" marks the line ends, to show the trailing spaces.
var listWant = []struct {
	f    rules.ListFormat
	want string
}{
	{rules.ListFormat{Verbose: true}, `Chain INPUT (policy DROP 123K packets, 99999 bytes)|
 pkts bytes target     prot opt in     out     source               destination         |
 100K   10M web        200  -f  !eth+  any     10.0.0.0/255.0.255.0 !192.0.2.1           |
99999 9999K REJECT     udp  --  any    any     anywhere             anywhere             udp dpt:domain reject-with icmp-host-prohibited|
|
Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)|
 pkts bytes target     prot opt in     out     source               destination         |
    5     6 web       !tcp  !f  any    lo      anywhere             anywhere            [goto] |
|
Chain OUTPUT (policy ACCEPT 10M packets, 1000T bytes)|
 pkts bytes target     prot opt in     out     source               destination         |
|
Chain web (2 references)|
 pkts bytes target     prot opt in     out     source               destination         |
    0     0            all  --  any    any     anywhere             anywhere            |
`},
	{rules.ListFormat{Numeric: true, Verbose: true, Exact: true, LineNumbers: true}, `Chain INPUT (policy DROP 123456 packets, 99999 bytes)|
num      pkts      bytes target     prot opt in     out     source               destination         |
1      100000  9999999 web        200  -f  !eth+  *       10.0.0.0/255.0.255.0 !192.0.2.1           |
2       99999  9999499 REJECT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53 reject-with icmp-host-prohibited|
|
Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)|
num      pkts      bytes target     prot opt in     out     source               destination         |
1           5        6 web       !tcp  !f  *      lo      0.0.0.0/0            0.0.0.0/0           [goto] |
|
Chain OUTPUT (policy ACCEPT 9999500 packets, 1000000000000000 bytes)|
num      pkts      bytes target     prot opt in     out     source               destination         |
|
Chain web (2 references)|
num      pkts      bytes target     prot opt in     out     source               destination         |
1           0        0            all  --  *      *       0.0.0.0/0            0.0.0.0/0           |
`},
}

func TestAppendList(t *testing.T) {
	if n, _ := xt.ServiceName(53, "udp"); n != "domain" {
		t.Skip("/etc/services does not name 53/udp domain")
	}
	tabs, err := rules.ParseRestore(strings.NewReader(listInput), &rules.RestoreOptions{Counters: true})
	if err != nil {
		t.Fatal(err)
	}
	tab := tabs[0].Table
	for _, c := range listWant {
		var b []byte
		for i, ch := range tab.Chains {
			if i > 0 {
				b = append(b, '\n')
			}
			b = tab.AppendList(b, ch, 0, c.f)
		}
		got := strings.ReplaceAll(string(b), "\n", "|\n")
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("%+v (-want +got):\n%s", c.f, d)
		}
	}
	// One rule: its line alone.
	got := string(tab.AppendList(nil, tab.Chain("INPUT"), 2, rules.ListFormat{Numeric: true}))
	want := "REJECT     udp  --  0.0.0.0/0            0.0.0.0/0            udp dpt:53 reject-with icmp-host-prohibited\n"
	if got != want {
		t.Errorf("rule 2:\n got %q\nwant %q", got, want)
	}
}

// Listing allocates nothing beyond the output buffer.
func TestAppendListAllocs(t *testing.T) {
	tabs, err := rules.ParseRestore(strings.NewReader(listInput), &rules.RestoreOptions{Counters: true})
	if err != nil {
		t.Fatal(err)
	}
	tab := tabs[0].Table
	buf := make([]byte, 0, 4096)
	for _, f := range []rules.ListFormat{{}, {Numeric: true, Verbose: true, Exact: true, LineNumbers: true}} {
		tab.AppendList(buf[:0], tab.Chain("INPUT"), 0, f)
		n := testing.AllocsPerRun(50, func() { tab.AppendList(buf[:0], tab.Chain("INPUT"), 0, f) })
		if n != 0 {
			t.Errorf("%+v: %v allocations", f, n)
		}
	}
}
