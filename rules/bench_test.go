package rules_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// genRuleset writes an iptables-restore input of n rules in the filter
// table with the mix of ../shared/bench/rules/genrules: user chains,
// addresses, tcp/udp ports, conntrack, multiport, comments and jumps.
func genRuleset(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	const chains = 50
	var b bytes.Buffer
	b.WriteString("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n")
	for i := 0; i < chains; i++ {
		fmt.Fprintf(&b, ":SVC-%02d - [0:0]\n", i)
	}
	ip := func() string { return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256)) }
	for i := 0; i < n; i++ {
		chain := fmt.Sprintf("SVC-%02d", r.IntN(chains))
		if i%10 == 0 {
			chain = []string{"INPUT", "FORWARD", "OUTPUT"}[r.IntN(3)]
		}
		switch r.IntN(8) {
		case 0:
			fmt.Fprintf(&b, "-A %s -s %s/32 -j RETURN\n", chain, ip())
		case 1:
			fmt.Fprintf(&b, "-A %s -p tcp -m conntrack --ctstate NEW --dport %d -j ACCEPT\n", chain, 1+r.IntN(65535))
		case 2:
			fmt.Fprintf(&b, "-A %s -s %s/32 -m comment --comment \"blocklist %d\" -j DROP\n", chain, ip(), i)
		case 3:
			fmt.Fprintf(&b, "-A %s -s %s/24 -d %s/32 -p udp -m multiport --dports %d:%d -j DROP\n", chain, ip(), ip(), 1000, 2000)
		case 4:
			fmt.Fprintf(&b, "-A %s -p tcp -m multiport --dports 80,443,%d -m comment --comment \"rule %d\" -j ACCEPT\n", chain, 1+r.IntN(65535), i)
		case 5:
			fmt.Fprintf(&b, "-A %s -s %s/32 -p tcp --dport %d -j ACCEPT\n", chain, ip(), 1+r.IntN(65535))
		case 6:
			fmt.Fprintf(&b, "-A %s -d %s/32 -p tcp -m conntrack --ctstate NEW,ESTABLISHED --dport %d -j ACCEPT\n", chain, ip(), 1+r.IntN(65535))
		default:
			if chain[0] == 'S' {
				fmt.Fprintf(&b, "-A %s -d %s/24 -p udp --dport %d -j ACCEPT\n", chain, ip(), 1+r.IntN(65535))
			} else {
				fmt.Fprintf(&b, "-A %s -d %s/24 -p tcp -m comment --comment \"to SVC\" -j SVC-%02d\n", chain, ip(), r.IntN(chains))
			}
		}
	}
	b.WriteString("COMMIT\n")
	return b.Bytes()
}

func BenchmarkParseRestore100k(b *testing.B) {
	in := genRuleset(100000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.ParseRestore(bytes.NewReader(in), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSave100k(b *testing.B) {
	tabs, err := rules.ParseRestore(bytes.NewReader(genRuleset(100000)), nil)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 16<<20)
	b.ReportAllocs()
	for b.Loop() {
		buf = tabs[0].Table.AppendSave(buf[:0], false)
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkWriteSave100k(b *testing.B) {
	tabs, err := rules.ParseRestore(bytes.NewReader(genRuleset(100000)), nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := tabs[0].Table.WriteSave(&buf, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiff100k compares two 100k-rule tables that differ in ten
// rules: one deleted and one added in each of five chains.
func BenchmarkDiff100k(b *testing.B) {
	parse := func() *rules.Table {
		tabs, err := rules.ParseRestore(bytes.NewReader(genRuleset(100000)), nil)
		if err != nil {
			b.Fatal(err)
		}
		return tabs[0].Table
	}
	old, next := parse(), parse()
	for i, c := range next.Chains[:5] {
		if len(c.Rules) > 1 {
			c.Rules = append(c.Rules[1:], &rules.Rule{Proto: uint16(i + 1)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if d := rules.Diff(old, next); d.Empty() {
			b.Fatal("no difference")
		}
	}
}
