package xt_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// Shared helpers of the xt tests:
//   - runConformance (conformance_test.go) runs iptables' .t files
//     through the single-extension parser (xt.ParseArgs);
//   - loadGolden and goldenSeeds read the fixtures in testdata/golden;
//   - fuzzDecode is the decoder fuzz driver;
//   - ruleCtx, parseExt, checkBuild, checkBuildSave and checkBuilds build
//     one extension and compare it with what a test expects; checkInvalid
//     and checkRefused check that a match refuses options;
//   - TestNoAllocs checks that every extension encodes, saves and prints
//     without allocating.

// segment is one -m or -j instance of a rule and its options.
type segment struct {
	kind xt.Kind
	name string
	args []string
}

// parsedRule is a rule cut into its header and extension segments.
type parsedRule struct {
	ctx   *xt.Context
	proto bool // -p was given
	segs  []segment
}

// errNotImplemented marks a rule that names an extension xt does not have.
var errNotImplemented = errors.New("extension not implemented")

// parseRule reads the header options (-t, -A, -p, -s, -d, -i, -o, -f, each
// maybe after "!") wherever they stand, as getopt lets iptables, into a
// context for table and chain, and cuts the rest into one segment per -m
// or -j. A word before the first segment that is no header option is an
// error, as iptables refuses an option no extension knows.
func parseRule(table, chain string, args []string) (*parsedRule, error) {
	r := &parsedRule{ctx: &xt.Context{Family: xt.FamilyIPv4, Table: table, Chain: chain}}
	for i := 0; i < len(args); i++ {
		a, inv := args[i], false
		if a == "!" && i+1 < len(args) && isHeaderOpt(args[i+1]) {
			i++
			a, inv = args[i], true
		}
		if !isHeaderOpt(a) {
			if len(r.segs) == 0 {
				return nil, fmt.Errorf("unexpected %q", a)
			}
			r.segs[len(r.segs)-1].args = append(r.segs[len(r.segs)-1].args, a)
			continue
		}
		if a == "-f" {
			continue
		}
		if i+1 >= len(args) {
			return nil, fmt.Errorf("%s needs an argument", a)
		}
		i++
		v := args[i]
		switch a {
		case "-t":
			r.ctx.Table = v
		case "-A":
			r.ctx.Chain = v
		case "-p":
			p, ok := xt.ParseProto(v)
			if !ok {
				return nil, fmt.Errorf("bad protocol %q", v)
			}
			r.ctx.Proto, r.ctx.InvProto, r.proto = p, inv, true
		case "-m", "--match":
			r.segs = append(r.segs, segment{kind: xt.KindMatch, name: v})
		case "-j", "--jump":
			r.segs = append(r.segs, segment{kind: xt.KindTarget, name: v})
		}
	}
	return r, nil
}

func isHeaderOpt(s string) bool {
	switch s {
	case "-t", "-A", "-p", "-s", "-d", "-i", "-o", "-f", "-m", "--match", "-j", "--jump":
		return true
	}
	return false
}

func isVerdict(s string) bool { _, ok := xt.ParseVerdict(s); return ok }

// build builds every segment of r with xt.ParseArgs. The result holds one
// value per segment, nil for a verdict (-j ACCEPT). It stops at the first
// error; a segment naming an unknown extension fails with
// errNotImplemented before anything is built.
func (r *parsedRule) build() ([]xt.Extension, error) {
	for _, s := range r.segs {
		if _, ok := xt.Lookup(s.kind, r.ctx.Family, s.name); !ok && !(s.kind == xt.KindTarget && isVerdict(s.name)) {
			return nil, fmt.Errorf("%w: %s %s", errNotImplemented, s.kind, s.name)
		}
	}
	exts := make([]xt.Extension, len(r.segs))
	for i, s := range r.segs {
		spec, ok := xt.Lookup(s.kind, r.ctx.Family, s.name)
		if !ok {
			continue // a verdict
		}
		e, err := xt.ParseArgs(spec, r.ctx, s.args)
		if err != nil {
			return nil, err
		}
		exts[i] = e
	}
	return exts, nil
}

// buildRuleText builds a rule of a .t file in table and chain: every
// extension must build and encode, and the whole rule pass
// xt.CheckTCPMSSRule. It returns the rule as iptables-save prints it after
// "-A CHAIN".
func buildRuleText(table, chain, rule string) (string, error) {
	args, err := shellWords(rule)
	if err != nil {
		return "", err
	}
	r, err := parseRule(table, chain, args)
	if err != nil {
		return "", err
	}
	exts, err := r.build()
	if err != nil {
		return "", err
	}
	var words []string
	if r.proto {
		p := xt.SaveProtoName(r.ctx.Proto)
		if p == "" {
			p = strconv.Itoa(int(r.ctx.Proto))
		}
		if r.ctx.InvProto {
			words = append(words, "!")
		}
		words = append(words, "-p", p)
	}
	var built []xt.Extension
	for i, e := range exts {
		flag := map[xt.Kind]string{xt.KindMatch: "-m", xt.KindTarget: "-j"}[r.segs[i].kind]
		if e == nil {
			words = append(words, flag, r.segs[i].name) // a verdict
			continue
		}
		if _, err := e.AppendBinary(nil); err != nil {
			return "", fmt.Errorf("encode %s: %w", e.Name(), err)
		}
		built = append(built, e)
		words = append(words, flag, xt.SaveName(e)+string(e.AppendSave(nil)))
	}
	if err := xt.CheckTCPMSSRule(built); err != nil {
		return "", err
	}
	return strings.Join(words, " "), nil
}

// shellWords splits s as a POSIX shell does: blanks separate words, single
// quotes keep everything, double quotes keep all but \" \\ \$ and \`, and
// a backslash outside quotes escapes the next character.
func shellWords(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'' && c != '\'', quote == '"' && c != '"' && c != '\\':
			cur.WriteByte(c)
		case quote == '"' && c == '\\':
			if i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
				i++
			}
			cur.WriteByte(s[i])
		case quote != 0:
			quote = 0
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

// goldenExt is one extension payload of a golden fixture.
type goldenExt struct {
	kind xt.Kind
	name string
	rev  uint8
	data []byte
}

// goldenCase is one block of a golden fixture: the command, the rule's
// words, what iptables-legacy-save printed or the error iptables gave, and
// the extension payloads it sent to the kernel.
type goldenCase struct {
	file, cmd, save, err string
	line                 int
	args                 []string
	exts                 []goldenExt
	sets                 testIPSets // "ipset:" lines: the sets created first
}

// testIPSets resolves set names to their positions, as the kernel numbers
// sets in the order they are created.
type testIPSets []string

func (s testIPSets) Index(name string) (xt.IPSetIndex, error) {
	for i, n := range s {
		if n == name {
			return xt.IPSetIndex(i), nil
		}
	}
	return 0, xt.ErrIPSetNotExist
}

func (s testIPSets) Name(i xt.IPSetIndex) (string, error) {
	if int(i) < len(s) {
		return s[i], nil
	}
	return "", xt.ErrIPSetNotExist
}

// loadGolden reads every fixture in testdata/golden.
func loadGolden(tb testing.TB) []goldenCase {
	tb.Helper()
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no golden fixtures: %v", err)
	}
	var cases []goldenCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var c *goldenCase
		for i, line := range strings.Split(string(data), "\n") {
			n := i + 1
			key, val, _ := strings.Cut(line, " ")
			switch key {
			case "#":
				cases = append(cases, goldenCase{file: f, cmd: val, line: n})
				c = &cases[len(cases)-1]
			case "rule:":
				if c.args, err = shellWords(val); err != nil {
					tb.Fatalf("%s:%d: %v", f, n, err)
				}
			case "ipset:":
				c.sets = append(c.sets, strings.Fields(val)[0])
			case "save:":
				c.save = val
			case "error:":
				c.err = val
			case "match", "target":
				w := strings.Fields(val)
				if len(w) == 2 {
					w = append(w, "") // a target without payload, such as TRACE
				}
				if len(w) != 3 || len(w[1]) != 1 {
					tb.Fatalf("%s:%d: want NAME REV HEX", f, n)
				}
				p, err := hex.DecodeString(w[2])
				if err != nil {
					tb.Fatalf("%s:%d: %v", f, n, err)
				}
				k := xt.KindMatch
				if key == "target" {
					k = xt.KindTarget
				}
				c.exts = append(c.exts, goldenExt{k, w[0], w[1][0] - '0', p})
			}
		}
	}
	return cases
}

// goldenSeeds returns every payload of kernel extension k/name in the
// golden fixtures.
func goldenSeeds(tb testing.TB, k xt.Kind, name string) []goldenExt {
	var out []goldenExt
	for _, c := range loadGolden(tb) {
		for _, g := range c.exts {
			if g.kind == k && g.name == name {
				out = append(out, g)
			}
		}
	}
	return out
}

// addSeeds adds payloads at revision rev to a fuzzDecode target.
func addSeeds(f *testing.F, rev uint8, payloads ...[]byte) {
	for _, p := range payloads {
		f.Add(rev, p)
	}
}

// fuzzDecode fuzzes the decoder of kernel extension k/name with inputs
// (rev, data), seeded with the seeds the caller added and the extension's
// golden payloads: decoding never panics, the value saves, and it encodes
// back to data but for zero padding. The decoder is asked for revision
// revs[rev%len(revs)], or rev itself when revs is empty.
func fuzzDecode(f *testing.F, k xt.Kind, name string, revs ...uint8) {
	for _, g := range goldenSeeds(f, k, name) {
		f.Add(g.rev, g.data)
	}
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) {
		if len(revs) > 0 {
			rev = revs[int(rev)%len(revs)]
		}
		v := decode(k, name, rev, data)
		_ = v.AppendSave(nil)
		enc, err := v.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%T does not encode: %v", v, err)
		}
		if len(enc) > len(data) || !bytes.Equal(enc, data[:len(enc)]) {
			t.Fatalf("re-encoding differs\n got: %x\nwant: %x", enc, data)
		}
		for _, c := range data[len(enc):] {
			if c != 0 {
				t.Fatalf("re-encoding drops bytes: %x -> %x", data, enc)
			}
		}
	})
}

// ruleCtx returns an IPv4 context for a rule in table and chain with
// -p proto (0: none). With maxRev, the kernel has revisions up to maxRev[0]
// of every extension; without, all of them.
func ruleCtx(table, chain string, proto uint16, maxRev ...uint8) *xt.Context {
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: table, Chain: chain, Proto: proto}
	if len(maxRev) > 0 {
		m := maxRev[0]
		ctx.Supported = func(_ xt.Kind, _ string, rev uint8) bool { return rev <= m }
	}
	return ctx
}

// parseExt builds extension k/name (as a user names it) from args in ctx.
func parseExt(tb testing.TB, k xt.Kind, name string, ctx *xt.Context, args ...string) (xt.Extension, error) {
	tb.Helper()
	spec, ok := xt.Lookup(k, ctx.Family, name)
	if !ok {
		tb.Fatalf("%s %s is not registered", k, name)
	}
	return xt.ParseArgs(spec, ctx, args)
}

// parseInput builds extension k/name from args in a filter INPUT rule with
// -p proto (0: none).
func parseInput(tb testing.TB, k xt.Kind, name string, proto uint16, args ...string) (xt.Extension, error) {
	tb.Helper()
	return parseExt(tb, k, name, ruleCtx("filter", "INPUT", proto), args...)
}

// diffExt compares extension values field by field, unexported fields of
// xt types included and addresses by value.
func diffExt(want, got any) string {
	return cmp.Diff(want, got,
		cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
		cmp.Exporter(func(t reflect.Type) bool { return t.PkgPath() == "github.com/nfkit/nfkit/xt" }))
}

// roundTrip decodes e's encoding (padded as on the wire) at e's revision.
func roundTrip(tb testing.TB, e xt.Extension) xt.Extension {
	tb.Helper()
	enc, err := e.AppendBinary(nil)
	if err != nil {
		tb.Fatalf("%s: encode: %v", e.Name(), err)
	}
	k := xt.KindMatch
	if _, ok := e.(xt.Target); ok {
		k = xt.KindTarget
	}
	return decode(k, e.Name(), e.Revision(), padTo(enc, xt.Align(len(enc))))
}

// decode decodes an IPv4 payload of kernel extension k/name.
func decode(k xt.Kind, name string, rev uint8, data []byte) xt.Extension {
	if k == xt.KindTarget {
		return xt.DecodeTarget(xt.FamilyIPv4, name, rev, data)
	}
	return xt.DecodeMatch(xt.FamilyIPv4, name, rev, data)
}

// checkBuild builds k/name from args in ctx and compares the value with
// want; a nil want (or typed nil) means the build must fail. A built value
// must also come back unchanged from encode and decode. It returns the
// built value, or nil.
func checkBuild(t *testing.T, k xt.Kind, name string, ctx *xt.Context, args []string, want xt.Extension) xt.Extension {
	t.Helper()
	got, err := parseExt(t, k, name, ctx, args...)
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
	if diff := diffExt(want, got); diff != "" {
		t.Errorf("%s %q (-want +got):\n%s", name, args, diff)
	}
	back := roundTrip(t, got)
	if ctx != nil && ctx.IPSets != nil {
		// The kernel keeps set indexes; names come back from the sets.
		if err := xt.ResolveIPSetNames(back, ctx.IPSets); err != nil {
			t.Errorf("%s %q: %v", name, args, err)
		}
	}
	if diff := diffExt(got, back); diff != "" {
		t.Errorf("%s %q: decode(encode) (-want +got):\n%s", name, args, diff)
	}
	return got
}

// checkBuildSave is checkBuild, and a built value must save as save.
func checkBuildSave(t *testing.T, k xt.Kind, name string, ctx *xt.Context, args []string, want xt.Extension, save string) {
	t.Helper()
	if got := checkBuild(t, k, name, ctx, args, want); got != nil {
		if s := string(got.AppendSave(nil)); s != save {
			t.Errorf("%s %q: save %q, want %q", name, args, s, save)
		}
	}
}

// buildCase is one case of checkBuilds.
type buildCase struct {
	args []string
	want xt.Extension // nil: the build must fail
	save string       // what a built value saves as
}

// checkBuilds runs checkBuildSave on every case, in ctx.
func checkBuilds(t *testing.T, k xt.Kind, name string, ctx *xt.Context, cases []buildCase) {
	t.Helper()
	for _, c := range cases {
		checkBuildSave(t, k, name, ctx, c.args, c.want, c.save)
	}
}

// checkInvalid checks that match name refuses each argument list with an
// xt.ErrInvalid, in a filter INPUT rule with -p proto (0: none).
func checkInvalid(t *testing.T, name string, proto uint16, argLists ...[]string) {
	t.Helper()
	for _, args := range argLists {
		if _, err := parseInput(t, xt.KindMatch, name, proto, args...); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%s -p %d %q: err = %v, want an xt.ErrInvalid", name, proto, args, err)
		}
	}
}

// checkRefused checks that match name cannot be built from args in a
// filter INPUT rule with -p proto (0: none).
func checkRefused(t *testing.T, name string, proto uint16, args ...string) {
	t.Helper()
	if e, err := parseInput(t, xt.KindMatch, name, proto, args...); err == nil {
		t.Errorf("%s -p %d %q: built %+v, want an error", name, proto, args, e)
	}
}

// optValues returns the argument lists "opt value", one per value.
func optValues(opt string, values ...string) [][]string {
	out := make([][]string, len(values))
	for i, v := range values {
		out[i] = []string{opt, v}
	}
	return out
}

func padTo(b []byte, n int) []byte {
	for len(b) < n {
		b = append(b, 0)
	}
	return b
}

// checkTargetInvalid checks that target name refuses each argument list
// in ctx with an xt.ErrInvalid (an *xt.OptionError), as checkInvalid does
// for matches.
func checkTargetInvalid(t *testing.T, name string, ctx *xt.Context, argLists ...[]string) {
	t.Helper()
	for _, args := range argLists {
		e, err := parseExt(t, xt.KindTarget, name, ctx, args...)
		var oe *xt.OptionError
		if !errors.Is(err, xt.ErrInvalid) || !errors.As(err, &oe) || oe.Ext != name {
			t.Errorf("%s %q: built %+v, err = %v; want an *xt.OptionError of %s", name, args, e, err, name)
		}
	}
}
