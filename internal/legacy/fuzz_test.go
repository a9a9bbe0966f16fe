package legacy

import (
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// FuzzDecodeTable feeds arbitrary ipt_replace buffers (header and entries)
// to Decode. It must never panic; whatever it accepts must compile, and
// the compiled blob must decode to the same table.
//
// Seeds: testdata/fuzz/FuzzDecodeTable, the tables of testdata/*.golden.
func FuzzDecodeTable(f *testing.F) {
	f.Fuzz(func(t *testing.T, buf []byte) {
		if len(buf) < replaceSize {
			return
		}
		info := infoOf(buf)
		im, err := Decode(info, buf[replaceSize:])
		if err != nil {
			return
		}
		r, err := Compile(im.Table, nil)
		if err != nil {
			return // e.g. a decoded interface name that iptables cannot hold
		}
		im2, err := Decode(infoOf(r.Buf), r.Entries())
		if err != nil {
			t.Fatalf("our own blob does not decode: %v", err)
		}
		if msg := sameTable(im.Table, im2.Table); msg != "" {
			t.Fatalf("decode(compile(decode(x))) differs: %s", msg)
		}
	})
}

// sameTable compares two tables chain by chain and rule by rule.
func sameTable(a, b *rules.Table) string {
	if len(a.Chains) != len(b.Chains) {
		return "chain count"
	}
	for i, ca := range a.Chains {
		cb := b.Chains[i]
		if ca.Name != cb.Name || ca.Builtin != cb.Builtin || ca.Policy != cb.Policy || ca.Counters != cb.Counters ||
			len(ca.Rules) != len(cb.Rules) {
			return "chain " + ca.Name
		}
		for j, ra := range ca.Rules {
			if !ra.Equal(cb.Rules[j]) || ra.Counters != cb.Rules[j].Counters {
				return "rule " + ra.String() + " in chain " + ca.Name
			}
		}
	}
	return ""
}
