package nft

import (
	"testing"
)

// The seed corpus is testdata/fuzz/FuzzDecodeRule (rules captured from
// iptables-nft) plus the golden captures, and rules nft itself wrote.
func FuzzDecodeRule(f *testing.F) {
	for _, c := range loadGolden(f) {
		f.Add(c.hex)
	}
	for _, c := range loadCaptures(f, "testdata/native.txt", "nft: ") {
		f.Add(c.hex)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRule(b)
		if err != nil {
			return
		}
		ToRule(r)
		e := enc{}
		r.appendAttrs(&e)
	})
}

func FuzzDecodeChain(f *testing.F) {
	c := &Chain{Table: "filter", Name: "INPUT", Hook: &Hook{Num: 1}, Type: "filter", Counters: &Counter{Packets: 1, Bytes: 2}}
	p := uint32(1)
	c.Policy = &p
	e := enc{}
	c.appendAttrs(&e)
	f.Add(e.b)
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeChain(b)
		decodeTable(b)
	})
}

func FuzzSplitMsgs(f *testing.F) {
	b := NewBatch(7)
	b.AddTable("filter")
	f.Add(b.bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		splitMsgs(b, func(typ, flags uint16, seq uint32, data []byte) error {
			nlError(data)
			return nil
		})
	})
}
