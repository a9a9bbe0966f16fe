package xt_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nfkit/nfkit/xt"
)

// Helpers for the target tests (target_*_test.go): a runner for iptables'
// .t conformance files through the single-extension parser, and a fuzz
// driver seeded with the golden payloads.

// tgtConformanceDir holds iptables 1.8.11's .t files, beside the repository.
const tgtConformanceDir = "../../shared/conformance/iptables-1.8.11"

// tgtLine is one rule line of a .t file.
type tgtLine struct {
	lineno int
	rule   string // the rule as written
	save   string // what save must print ("" for FAIL lines)
	ok     bool   // expected result in legacy mode
	table  string
	chains []string
}

// tgtReadT reads a .t file and returns its rule lines, with results mapped
// to legacy mode as iptables-test.py does: a line scoped to LEGACY holds
// as written; one scoped to NFT takes its alternative result, or the
// inverse.
func tgtReadT(t *testing.T, file string) []tgtLine {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tgtConformanceDir, file))
	if os.IsNotExist(err) {
		t.Skipf("conformance file %s not found", file)
	}
	if err != nil {
		t.Fatal(err)
	}
	var lines []tgtLine
	table, chains := "filter", []string(nil)
	s := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		switch {
		case line == "" || line[0] == '#' || line[0] == '@':
			continue
		case line[0] == ':':
			chains = strings.Split(line[1:], ",")
			continue
		case line[0] == '*':
			table = line[1:]
			continue
		}
		f := strings.Split(line, ";")
		if len(f) < 3 {
			t.Fatalf("%s:%d: malformed line %q", file, n, line)
		}
		res := f[2]
		if len(f) > 3 && f[3] == "NFT" {
			switch {
			case len(f) > 4:
				res = f[4]
			case res == "FAIL":
				res = "OK"
			default:
				res = "FAIL"
			}
		}
		l := tgtLine{lineno: n, rule: f[0], ok: res != "FAIL", table: table, chains: chains}
		if l.ok {
			l.save = f[1]
			if l.save == "=" {
				l.save = f[0]
			}
		}
		lines = append(lines, l)
	}
	return lines
}

// tgtSplit splits a rule as a shell would: blanks separate words, and
// double or single quotes group them.
func tgtSplit(s string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// tgtBuild parses a rule made only of -p (maybe inverted) and one -j
// target, in table and chain, and returns the built target and the rule's
// save text. applies is false when the rule has other parts.
func tgtBuild(rule, table, chain string) (e xt.Extension, save string, applies bool, err error) {
	args := tgtSplit(rule)
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: table, Chain: chain}
	var header []string
	i := 0
	for ; i < len(args) && args[i] != "-j"; i++ {
		switch {
		case args[i] == "!" && i+1 < len(args) && args[i+1] == "-p":
			ctx.InvProto = true
		case args[i] == "-p" && i+1 < len(args):
			p, ok := xt.ParseProto(args[i+1])
			if !ok {
				return nil, "", false, nil
			}
			ctx.Proto = p
			header = append(header, args[i], args[i+1])
			i++
			continue
		default:
			return nil, "", false, nil
		}
		header = append(header, args[i])
	}
	if i+1 >= len(args) {
		return nil, "", false, nil
	}
	spec, ok := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, args[i+1])
	if !ok {
		return nil, "", false, nil
	}
	e, err = xt.ParseArgs(spec, ctx, args[i+2:])
	if err != nil {
		return nil, "", true, err
	}
	b := []byte(strings.Join(append(header, "-j", xt.SaveName(e)), " "))
	return e, string(e.AppendSave(b)), true, nil
}

// tgtRunT runs every line of a .t file that is only about targets through
// xt.ParseArgs in each of the file's chains: OK lines must build and save
// as expected, FAIL lines must fail. It returns how many lines passed.
func tgtRunT(t *testing.T, file string) int {
	t.Helper()
	passed := 0
	for _, l := range tgtReadT(t, file) {
		good := true
		for _, chain := range l.chains {
			e, save, applies, err := tgtBuild(l.rule, l.table, chain)
			if !applies {
				t.Errorf("%s:%d: %q: line not understood by the test", file, l.lineno, l.rule)
				good = false
				break
			}
			switch {
			case l.ok && err != nil:
				t.Errorf("%s:%d: %s in %s: %v", file, l.lineno, l.rule, chain, err)
				good = false
			case l.ok && save != l.save:
				t.Errorf("%s:%d: %s in %s:\n got: %s\nwant: %s", file, l.lineno, l.rule, chain, save, l.save)
				good = false
			case !l.ok && err == nil:
				t.Errorf("%s:%d: %s in %s: built %s, want an error", file, l.lineno, l.rule, chain, save)
				good = false
			case l.ok:
				if _, err := e.AppendBinary(nil); err != nil {
					t.Errorf("%s:%d: %s: encode: %v", file, l.lineno, l.rule, err)
					good = false
				}
			}
		}
		if good {
			passed++
		}
	}
	t.Logf("%s: %d lines pass", file, passed)
	return passed
}

// tgtSeeds returns the payloads of target name in its golden fixture.
func tgtSeeds(f *testing.F, name string) (revs []uint8, payloads [][]byte) {
	data, err := os.ReadFile(filepath.Join("testdata/golden", name+".txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "target" {
			continue
		}
		p, err := hex.DecodeString(fields[3])
		if err != nil {
			f.Fatal(err)
		}
		revs = append(revs, fields[2][0]-'0')
		payloads = append(payloads, p)
	}
	return revs, payloads
}

// tgtFuzzDecode fuzzes the decoder of kernel target name with the golden
// payloads of fixture as seeds: decoding never panics, and a typed result
// encodes back to the input.
func tgtFuzzDecode(f *testing.F, family xt.Family, name, fixture string) {
	revs, payloads := tgtSeeds(f, fixture)
	for i := range revs {
		f.Add(revs[i], payloads[i])
	}
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) {
		v := xt.DecodeTarget(family, name, rev, data)
		_ = v.AppendSave(nil)
		if _, unknown := v.(*xt.UnknownTarget); unknown {
			return
		}
		enc, err := v.AppendBinary(nil)
		if err != nil {
			t.Fatalf("typed %T does not encode: %v", v, err)
		}
		if len(enc) > len(data) || !bytes.Equal(enc, data[:len(enc)]) {
			t.Fatalf("re-encoding differs\n got: %x\nwant: %x", enc, data)
		}
		for _, c := range data[len(enc):] {
			if c != 0 {
				t.Fatalf("re-encoding differs in padding: %x", data)
			}
		}
	})
}

// Encoding and save printing of the targets must not allocate once the
// buffer has room (100k-rule tables).
func TestTargetsNoAllocs(t *testing.T) {
	r := xt.NATRange{Flags: xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoRandom,
		MinAddr: netip.MustParseAddr("10.0.0.1"), MaxAddr: netip.MustParseAddr("10.0.0.9"), MinPort: 80, MaxPort: 90}
	values := []xt.Extension{
		&xt.DNAT{Rev: 2, NATRange: r}, &xt.DNAT{NATRange: r}, &xt.SNAT{NATRange: r},
		&xt.Masquerade{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified, MinPort: 1024, MaxPort: 2048}},
		&xt.Redirect{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified, MinPort: 8080, MaxPort: 8080}},
		&xt.Reject{With: xt.RejectTCPReset},
		&xt.Log{Level: xt.LogDebug, Flags: xt.LogUID, Prefix: "drop: "},
		&xt.NFLog{Group: 5, Len: 128, Flags: xt.NFLogCopyLen, Prefix: "x"},
		&xt.NFQueue{Rev: 3, Num: 3, Total: 4, Flags: xt.NFQueueBypass | xt.NFQueueCPUFanout},
		&xt.CT{Rev: 2, Helper: "ftp", Events: xt.CTEventNew | xt.CTEventMark, Zone: 3},
		&xt.NoTrack{},
	}
	buf := make([]byte, 0, 512)
	for _, v := range values {
		n := testing.AllocsPerRun(50, func() {
			buf, _ = v.AppendBinary(buf[:0])
			buf = v.AppendSave(buf[:0])
		})
		if n != 0 {
			t.Errorf("%T: %v allocations per encode and save", v, n)
		}
	}
}

// tgtCmp returns the options that compare target values.
func tgtCmp() cmp.Options {
	return cmp.Options{
		cmpopts.IgnoreUnexported(xt.DNAT{}, xt.SNAT{}, xt.Masquerade{}, xt.Redirect{}, xt.Reject{},
			xt.Log{}, xt.NFLog{}, xt.NFQueue{}, xt.CT{}, xt.NoTrack{}),
		cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	}
}

// tgtCtx returns an IPv4 context whose kernel has revisions up to maxRev
// of every extension.
func tgtCtx(table, chain string, proto uint16, maxRev uint8) *xt.Context {
	return &xt.Context{Family: xt.FamilyIPv4, Table: table, Chain: chain, Proto: proto,
		Supported: func(_ xt.Kind, _ string, rev uint8) bool { return rev <= maxRev }}
}

// tgtCheckBuild parses args with the target spec name in ctx and compares
// the value with want; a nil want (or typed nil) means the build must
// fail. A built value must also survive encode and decode unchanged.
func tgtCheckBuild(t *testing.T, name string, ctx *xt.Context, args []string, want xt.Extension) xt.Extension {
	t.Helper()
	spec, ok := xt.Lookup(xt.KindTarget, ctx.Family, name)
	if !ok {
		t.Fatalf("target %s is not registered", name)
	}
	got, err := xt.ParseArgs(spec, ctx, args)
	if want == nil || reflect.ValueOf(want).IsNil() {
		if err == nil {
			t.Errorf("%s %q: built %+v, want an error", name, args, got)
		}
		return nil
	}
	if err != nil {
		t.Errorf("%s %q: %v", name, args, err)
		return nil
	}
	if diff := cmp.Diff(want, got, tgtCmp()); diff != "" {
		t.Errorf("%s %q (-want +got):\n%s", name, args, diff)
	}
	enc, err := got.AppendBinary(nil)
	if err != nil {
		t.Fatalf("%s %q: encode: %v", name, args, err)
	}
	enc = append(enc, make([]byte, xt.Align(len(enc))-len(enc))...)
	back := xt.DecodeTarget(ctx.Family, got.Name(), got.Revision(), enc)
	if diff := cmp.Diff(got, back, tgtCmp()); diff != "" {
		t.Errorf("%s %q: decode(encode) (-want +got):\n%s", name, args, diff)
	}
	return got
}
