package legacy

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// rawOf returns entries as ReadRaw would: in a buffer with room around.
func rawOf(info *Info, blob []byte) *Raw {
	buf := make([]byte, replaceSize+len(blob), replaceSize+len(blob)+len(blob)/32+4096)
	copy(buf[replaceSize:], blob)
	return &Raw{Info: *info, Blob: buf[replaceSize:], buf: buf}
}

// edited scans blob, decodes the chains pick chooses and edits them with
// r; it returns the table, the layout and the raw mapping.
func edited(t *testing.T, info *Info, blob []byte, seed uint64) (*rules.Table, *Layout, func(ci int) int) {
	l, err := rawOf(info, blob).Scan()
	if err != nil {
		t.Fatal(err)
	}
	tab := l.Table()
	r := rand.New(rand.NewPCG(seed, 1))
	decoded := map[int]bool{}
	for ci, c := range tab.Chains {
		if r.IntN(3) != 0 {
			continue
		}
		decoded[ci] = true
		if c.Rules, err = l.DecodeChain(ci); err != nil {
			t.Fatal(err)
		}
		switch r.IntN(4) {
		case 0: // append, with a jump when there is a user chain
			nr := &rules.Rule{Proto: 6, Target: &xt.Standard{Verdict: xt.VerdictDrop}}
			for _, u := range tab.Chains {
				if !u.Builtin && u != c && r.IntN(2) == 0 {
					nr.Target = &xt.Jump{Chain: u.Name}
				}
			}
			c.Rules = append(c.Rules, nr, &rules.Rule{InIface: "eth+"})
		case 1: // delete the first rule
			if len(c.Rules) > 0 {
				c.Rules = c.Rules[1:]
			}
		case 2: // flush
			c.Rules = nil
		case 3:
			if c.Builtin {
				c.Policy = xt.VerdictDrop
				c.Counters = rules.Counters{Packets: 1, Bytes: 2}
			}
		}
	}
	return tab, l, func(ci int) int {
		if decoded[ci] {
			return -1
		}
		return ci
	}
}

// TestCompileInPlace: building the blob in the read buffer gives the very
// bytes and counter plan CompileFrom gives, whatever chains were edited.
func TestCompileInPlace(t *testing.T) {
	blobs, _ := readGolden(t, "testdata/all.golden")
	for _, g := range blobs {
		info := infoOf(g.buf)
		blob := g.buf[replaceSize:]
		for seed := uint64(0); seed < 200; seed++ {
			t1, l1, raw1 := edited(t, info, blob, seed)
			want, err := CompileFrom(t1, nil, l1, raw1)
			if err != nil {
				t.Fatal(err)
			}
			t2, l2, raw2 := edited(t, info, blob, seed)
			got, err := CompileInPlace(t2, nil, l2, raw2)
			if err != nil {
				t.Fatal(err)
			}
			if !l2.consumed {
				t.Fatalf("%s seed %d: the in-place path was not taken", g.table, seed)
			}
			if !bytes.Equal(got.Buf, want.Buf) {
				t.Fatalf("%s seed %d: %s", g.table, seed, firstDiff(want.Buf, got.Buf))
			}
			if got.NumEntries != want.NumEntries || !slices.Equal(got.plan, want.plan) ||
				!slices.Equal(got.runs, want.runs) {
				t.Fatalf("%s seed %d: %d entries, plan %v runs %v; want %d, %v, %v", g.table, seed, got.NumEntries, got.plan, got.runs, want.NumEntries, want.plan, want.runs)
			}
			if _, err := l2.DecodeChain(0); err == nil {
				t.Fatal("a consumed layout still decodes")
			}
		}
	}
}
