package legacy

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// genTable builds a kube-proxy-like filter table of n rules with Go values
// (stateful accepts, CIDRs, ports, multiport, comments and jumps from the
// builtin chains into 50 user chains), so that the benchmarks need neither
// the kernel nor the rules parser: extensions are decoded from payloads
// laid out as the kernel has them.
func genTable(n int) *rules.Table {
	r := rand.New(rand.NewPCG(1, 2))
	t := rules.NewTable(xt.FamilyIPv4, "filter")
	const chains = 50
	for i := 0; i < chains; i++ {
		t.Chains = append(t.Chains, &rules.Chain{Name: fmt.Sprintf("SVC-%02d", i)})
	}
	ip := func() rules.AddrMask {
		return rules.AddrMask{Addr: netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), byte(1 + r.IntN(254))}),
			Mask: netip.AddrFrom4([4]byte{255, 255, 255, 255})}
	}
	net := func() rules.AddrMask {
		return rules.AddrMask{Addr: netip.AddrFrom4([4]byte{172, byte(16 + r.IntN(16)), byte(r.IntN(256)), 0}),
			Mask: netip.AddrFrom4([4]byte{255, 255, 255, 0})}
	}
	port := func() uint16 { return uint16(1 + r.IntN(65000)) }
	tcp := func(name string, dport uint16) xt.Match {
		p := make([]byte, 16) // struct xt_tcp / xt_udp
		ne.PutUint16(p[2:], 0xffff)
		ne.PutUint16(p[4:], dport)
		ne.PutUint16(p[6:], dport)
		if name == "udp" {
			p = p[:16]
		}
		return xt.DecodeMatch(xt.FamilyIPv4, name, 0, p)
	}
	comment := func(s string) xt.Match {
		p := make([]byte, 256) // struct xt_comment_info
		copy(p, s)
		return xt.DecodeMatch(xt.FamilyIPv4, "comment", 0, p)
	}
	state := xt.DecodeMatch(xt.FamilyIPv4, "state", 0, []byte{8, 0, 0, 0, 0, 0, 0, 0}) // NEW
	multiport := func(ports ...uint16) xt.Match {
		p := make([]byte, 48)            // struct xt_multiport_v1
		p[0], p[1] = 1, byte(len(ports)) // XT_MULTIPORT_DESTINATION
		for i, v := range ports {
			ne.PutUint16(p[2+2*i:], v)
		}
		return xt.DecodeMatch(xt.FamilyIPv4, "multiport", 1, p)
	}
	verdict := func(v xt.Verdict) xt.Target { return &xt.Standard{Verdict: v} }
	add := func(chain string, rl *rules.Rule) {
		c := t.Chain(chain)
		c.Rules = append(c.Rules, rl)
	}
	for i := 0; i < chains; i++ {
		name := fmt.Sprintf("SVC-%02d", i)
		add("INPUT", &rules.Rule{Dst: net(), Proto: 6, Matches: []xt.Match{comment("to " + name)}, Target: &xt.Jump{Chain: name}})
	}
	builtins := []string{"INPUT", "FORWARD", "OUTPUT"}
	for i := chains; i < n; i++ {
		chain := builtins[r.IntN(3)]
		if r.IntN(10) < 7 {
			chain = fmt.Sprintf("SVC-%02d", r.IntN(chains))
		}
		var rl *rules.Rule
		switch i % 6 {
		case 0:
			rl = &rules.Rule{Src: ip(), Proto: 6, Matches: []xt.Match{tcp("tcp", port())}, Target: verdict(xt.VerdictAccept)}
		case 1:
			rl = &rules.Rule{Src: net(), Dst: ip(), Proto: 17, Matches: []xt.Match{tcp("udp", port())}, Target: verdict(xt.VerdictDrop)}
		case 2:
			rl = &rules.Rule{Proto: 6, Matches: []xt.Match{state, tcp("tcp", port())}, Target: verdict(xt.VerdictAccept)}
		case 3:
			rl = &rules.Rule{Proto: 6, Matches: []xt.Match{multiport(port(), port(), port()), comment(fmt.Sprintf("rule %d", i))},
				Target: verdict(xt.VerdictAccept)}
		case 4:
			rl = &rules.Rule{Src: net(), InIface: "eth0", Target: verdict(xt.VerdictDrop)}
		case 5:
			rl = &rules.Rule{Src: net(), Target: verdict(xt.VerdictReturn)}
		}
		add(chain, rl)
	}
	return t
}

// table100k builds the benchmark table once per test binary.
var table100k = sync.OnceValue(func() *rules.Table { return genTable(100000) })

func BenchmarkCompile100k(b *testing.B) {
	t := table100k()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(t, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode100k(b *testing.B) {
	r, err := Compile(table100k(), nil)
	if err != nil {
		b.Fatal(err)
	}
	info := infoOf(r.Buf)
	b.SetBytes(int64(len(r.Entries())))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(info, r.Entries()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppend100k is the user-space part of appending one rule to a
// 100k-rule table: scan the blob, decode the one chain, build the new blob
// in place.
func BenchmarkAppend100k(b *testing.B) {
	r, err := Compile(table100k(), nil)
	if err != nil {
		b.Fatal(err)
	}
	info := infoOf(r.Buf)
	rule := &rules.Rule{Proto: 6, Target: &xt.Standard{Verdict: xt.VerdictAccept}}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		raw := rawOf(info, r.Entries())
		b.StartTimer()
		l, err := raw.Scan()
		if err != nil {
			b.Fatal(err)
		}
		t := l.Table()
		ci := len(t.Chains) - 1
		if t.Chains[ci].Rules, err = l.DecodeChain(ci); err != nil {
			b.Fatal(err)
		}
		t.Chains[ci].Rules = append(t.Chains[ci].Rules, rule)
		if _, err := CompileInPlace(t, nil, l, func(i int) int {
			if i == ci {
				return -1
			}
			return i
		}); err != nil {
			b.Fatal(err)
		}
		if !l.consumed {
			b.Fatal("CompileInPlace fell back to CompileFrom")
		}
	}
}
