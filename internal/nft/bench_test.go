package nft

import (
	"fmt"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// benchRules returns n rules of the kind a kube-proxy node holds.
func benchRules(tb testing.TB, n int) []*rules.Rule {
	tmpl := []string{
		"-s 10.%d.%d.0/24 -p tcp --dport 80 -j ACCEPT",
		"-d 172.17.%d.%d/32 -p tcp -m comment --comment svc -j ACCEPT",
		"-p udp --dport 53 -m conntrack --ctstate NEW -s 10.%d.%d.1 -j DROP",
		"-i eth+ -m mark --mark 0x%x/0x%x -j RETURN",
	}
	out := make([]*rules.Rule, n)
	for i := range out {
		spec := fmt.Sprintf(tmpl[i%len(tmpl)], (i/256)%256, i%256)
		r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs(spec), nil)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = r
	}
	return out
}

func BenchmarkEncode100k(b *testing.B) {
	rs := benchRules(b, 100000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		batch := NewBatch(1)
		batch.grow(512 * len(rs))
		for _, r := range rs {
			nr, err := EncodeRule("filter", "INPUT", r, nil)
			if err != nil {
				b.Fatal(err)
			}
			batch.AddRule(nr, flagCreate|flagAppend, "RULE_APPEND", r, 0)
		}
		if batch.Len() != len(rs) {
			b.Fatal("short batch")
		}
	}
}

func BenchmarkDecode100k(b *testing.B) {
	rs := benchRules(b, 100000)
	msgs := make([][]byte, len(rs))
	for i, r := range rs {
		nr, err := EncodeRule("filter", "INPUT", r, nil)
		if err != nil {
			b.Fatal(err)
		}
		e := enc{}
		nr.appendAttrs(&e)
		msgs[i] = e.b
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, m := range msgs {
			nr, err := DecodeRule(m)
			if err != nil {
				b.Fatal(err)
			}
			if r := ToRule(nr); IsForeign(r) {
				b.Fatal("foreign")
			}
		}
	}
}
