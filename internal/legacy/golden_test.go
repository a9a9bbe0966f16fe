package legacy

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// goldenBlob is one IPT_SO_SET_REPLACE captured from iptables-legacy-restore.
type goldenBlob struct {
	table string
	buf   []byte // struct ipt_replace and the entries
}

// readGolden reads a fixture written by internal/tools/blobcapture.
func readGolden(tb testing.TB, path string) (blobs []goldenBlob, save []string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		kind, rest, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "replace":
			name, h, _ := strings.Cut(rest, " ")
			b, err := hex.DecodeString(h)
			if err != nil {
				tb.Fatalf("%s: %v", path, err)
			}
			blobs = append(blobs, goldenBlob{name, b})
		case "save":
			save = append(save, rest)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return blobs, save
}

// infoOf returns what IPT_SO_GET_INFO would say about a replace blob.
func infoOf(buf []byte) *Info {
	info := &Info{
		Name:       string(cstring(buf[:tableNameLen])),
		ValidHooks: ne.Uint32(buf[rValidHooks:]),
		NumEntries: ne.Uint32(buf[rNumEntries:]),
		Size:       ne.Uint32(buf[rSize:]),
	}
	for h := 0; h < numHooks; h++ {
		info.HookEntry[h] = ne.Uint32(buf[rHookEntry+4*h:])
		info.Underflow[h] = ne.Uint32(buf[rUnderflow+4*h:])
	}
	return info
}

// TestGoldenRoundTrip decodes every blob iptables-legacy-restore built and
// compiles the result back: the bytes must be libiptc's, exactly.
//
// Fixtures: internal/legacy/testdata/*.golden, each with its capture
// command on its first line.
func TestGoldenRoundTrip(t *testing.T) {
	for _, path := range goldenFiles(t) {
		blobs, _ := readGolden(t, path)
		for _, g := range blobs {
			t.Run(path+"/"+g.table, func(t *testing.T) {
				info := infoOf(g.buf)
				im, err := Decode(info, g.buf[replaceSize:])
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				r, err := Compile(im.Table, nil)
				if err != nil {
					t.Fatalf("Compile: %v", err)
				}
				want := g.buf
				got := r.Buf
				copy(got[rNumCounters:rNumCounters+4], want[rNumCounters:])
				if !bytes.Equal(got, want) {
					t.Errorf("compiled blob differs from iptables-legacy-restore's:\n%s", firstDiff(want, got))
				}
				if r.NumEntries != int(info.NumEntries) {
					t.Errorf("NumEntries = %d, want %d", r.NumEntries, info.NumEntries)
				}
			})
		}
	}
}

func goldenFiles(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") {
			out = append(out, "testdata/"+e.Name())
		}
	}
	if len(out) == 0 {
		tb.Fatal("no golden fixtures")
	}
	return out
}

// firstDiff describes the first differing byte and the entry around it.
func firstDiff(want, got []byte) string {
	n := min(len(want), len(got))
	i := 0
	for i < n && want[i] == got[i] {
		i++
	}
	lo := max(0, i-16)
	return fmt.Sprintf("lengths %d/%d, first difference at byte %d", len(want), len(got), i) +
		"\nwant " + hex.EncodeToString(want[lo:min(len(want), i+48)]) +
		"\ngot  " + hex.EncodeToString(got[lo:min(len(got), i+48)])
}

// TestCompileFrom copies chains from the blob they were read from instead
// of encoding them: the result must be the same bytes, whichever chains
// are copied, and jumps and fall-throughs must follow an edit that moves
// them.
func TestCompileFrom(t *testing.T) {
	blobs, _ := readGolden(t, "testdata/all.golden")
	for _, g := range blobs {
		info := infoOf(g.buf)
		im, err := Decode(info, g.buf[replaceSize:])
		if err != nil {
			t.Fatal(err)
		}
		for _, every := range []int{1, 2, 3} {
			r, err := CompileFrom(im.Table, nil, im.Layout, func(ci int) int {
				if ci%every == 0 {
					return ci
				}
				return -1
			})
			if err != nil {
				t.Fatal(err)
			}
			copy(r.Buf[rNumCounters:rNumCounters+4], g.buf[rNumCounters:])
			if !bytes.Equal(r.Buf, g.buf) {
				t.Errorf("%s, every %d: %s", g.table, every, firstDiff(g.buf, r.Buf))
			}
		}
		// Grow the first chain: the copied chains after it move.
		first := im.Table.Chains[0]
		first.Rules = append([]*rules.Rule{{Proto: 17}, {Proto: 6}}, first.Rules...)
		mixed, err := CompileFrom(im.Table, nil, im.Layout, func(ci int) int {
			if ci == 0 {
				return -1
			}
			return ci
		})
		if err != nil {
			t.Fatal(err)
		}
		full, err := Compile(im.Table, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mixed.Buf, full.Buf) {
			t.Errorf("%s after an insert: %s", g.table, firstDiff(full.Buf, mixed.Buf))
		}
	}
}

// TestDecodeChainsParallel: decoding on several goroutines gives what
// decoding chain by chain gives.
func TestDecodeChainsParallel(t *testing.T) {
	l, cis := scanned(t, 20000)
	par, err := l.DecodeChains(cis, 3)
	if err != nil {
		t.Fatal(err)
	}
	for ci := range l.Chains {
		seq, err := l.DecodeChain(ci)
		if err != nil {
			t.Fatal(err)
		}
		if len(seq) != len(par[ci]) {
			t.Fatalf("chain %d: %d rules in parallel, %d in sequence", ci, len(par[ci]), len(seq))
		}
		for i := range seq {
			if !seq[i].Equal(par[ci][i]) || seq[i].Counters != par[ci][i].Counters {
				t.Fatalf("chain %d rule %d differs", ci, i)
			}
		}
	}
}

// TestDecodeInOrder: the streamed chains are the chains, in order, and
// stopping early leaves no goroutine behind.
func TestDecodeInOrder(t *testing.T) {
	l, cis := scanned(t, 5000)
	slices.Reverse(cis) // any order
	i := 0
	for rs, err := range l.DecodeInOrder(cis, 2) {
		if err != nil {
			t.Fatal(err)
		}
		want, _ := l.DecodeChain(cis[i])
		if len(rs) != len(want) || (len(rs) > 0 && !rs[0].Equal(want[0])) {
			t.Fatalf("chain %d: %d rules, want %d", cis[i], len(rs), len(want))
		}
		i++
	}
	if i != len(cis) {
		t.Fatalf("%d chains, want %d", i, len(cis))
	}
	for range l.DecodeInOrder(cis, 2) {
		break
	}
}

// scanned returns the layout of a generated table of n rules and the
// indices of its chains.
func scanned(t *testing.T, n int) (*Layout, []int) {
	t.Helper()
	r, err := Compile(genTable(n), nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Scan(infoOf(r.Buf), r.Entries())
	if err != nil {
		t.Fatal(err)
	}
	cis := make([]int, len(l.Chains))
	for i := range cis {
		cis[i] = i
	}
	return l, cis
}
