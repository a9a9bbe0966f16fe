package xt_test

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The fixtures in testdata/golden were captured from the real
// iptables-legacy 1.8.9 with internal/tools/xtcapture; the command sits
// above each block. Every block is checked three ways:
//   - the kernel payload decodes into a typed value (not Unknown);
//   - building the extension from the rule's own options gives the same
//     bytes iptables sent;
//   - the value's save text is what iptables-legacy-save printed.
// A block with "error:" must fail to build.

type goldenExt struct {
	kind xt.Kind
	name string
	rev  uint8
	data []byte
}

type goldenCase struct {
	file, cmd, save, err string
	line                 int
	args                 []string
	exts                 []goldenExt
}

func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		s := bufio.NewScanner(fh)
		s.Buffer(nil, 1<<20)
		var c *goldenCase
		for n := 1; s.Scan(); n++ {
			line := s.Text()
			key, val, _ := strings.Cut(line, " ")
			switch key {
			case "#":
				cases = append(cases, goldenCase{file: f, cmd: val, line: n})
				c = &cases[len(cases)-1]
			case "rule:":
				c.args = shellSplit(t, val)
			case "save:":
				c.save = val
			case "error:":
				c.err = val
			case "match", "target":
				f := strings.Fields(val)
				if len(f) != 3 {
					t.Fatalf("%s:%d: want NAME REV HEX", c.file, n)
				}
				data, err := hex.DecodeString(f[2])
				if err != nil {
					t.Fatalf("%s:%d: %v", c.file, n, err)
				}
				k := xt.KindMatch
				if key == "target" {
					k = xt.KindTarget
				}
				rev := f[1][0] - '0'
				c.exts = append(c.exts, goldenExt{k, f[0], rev, data})
			}
		}
		fh.Close()
	}
	return cases
}

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(filepath.Base(c.file)+":"+itoa(c.line), func(t *testing.T) {
			ctx, segs := splitRule(t, c.args)
			var buildErr error
			built := map[string]xt.Extension{}
			for _, s := range segs {
				spec, ok := xt.Lookup(s.kind, xt.FamilyIPv4, s.name)
				if !ok {
					if s.kind == xt.KindTarget && isVerdict(s.name) {
						continue
					}
					t.Fatalf("%s %s is not registered", s.kind, s.name)
				}
				e, err := xt.ParseArgs(spec, ctx, s.args)
				if err != nil {
					buildErr = err
					continue
				}
				built[s.kind.String()+" "+e.Name()] = e
			}
			if c.err != "" {
				if buildErr == nil {
					t.Fatalf("%s\niptables refused it (%s) but it built", c.cmd, c.err)
				}
				return
			}
			if buildErr != nil {
				t.Fatalf("%s\nbuild: %v", c.cmd, buildErr)
			}
			for _, g := range c.exts {
				if g.name == "standard" {
					continue
				}
				var v xt.Extension
				if g.kind == xt.KindMatch {
					v = xt.DecodeMatch(xt.FamilyIPv4, g.name, g.rev, g.data)
				} else {
					v = xt.DecodeTarget(xt.FamilyIPv4, g.name, g.rev, g.data)
				}
				switch v.(type) {
				case *xt.UnknownMatch, *xt.UnknownTarget:
					t.Fatalf("%s\n%s %s rev %d decodes as unknown", c.cmd, g.kind, g.name, g.rev)
				}
				want := " -m "
				if g.kind == xt.KindTarget {
					want = " -j "
				}
				want += xt.SaveName(v) + string(v.AppendSave(nil))
				if !strings.Contains(c.save+" ", want+" ") {
					t.Errorf("%s\nsave: %s\n got: %s", c.cmd, c.save, want)
				}
				b, ok := built[g.kind.String()+" "+g.name]
				if !ok {
					t.Fatalf("%s\nbuilt no %s %s", c.cmd, g.kind, g.name)
				}
				if b.Revision() != g.rev {
					t.Errorf("%s\nbuilt revision %d, iptables chose %d", c.cmd, b.Revision(), g.rev)
				}
				enc, err := b.AppendBinary(nil)
				if err != nil {
					t.Fatalf("%s\nencode: %v", c.cmd, err)
				}
				if got, want := hex.EncodeToString(padTo(enc, len(g.data))), hex.EncodeToString(g.data); got != want {
					t.Errorf("%s\nencoding differs\n got: %s\nwant: %s", c.cmd, got, want)
				}
			}
		})
	}
}

func isVerdict(s string) bool { _, ok := xt.ParseVerdict(s); return ok }

func padTo(b []byte, n int) []byte {
	for len(b) < n {
		b = append(b, 0)
	}
	return b
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

type segment struct {
	kind xt.Kind
	name string
	args []string
}

// splitRule reads the header options a fixture uses (-t, -A, -p, -s, -d,
// -i, -o, -f, with !) into a context and cuts the rest into one segment per
// -m or -j. Fixtures write header options first.
func splitRule(t *testing.T, args []string) (*xt.Context, []segment) {
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter"}
	var segs []segment
	inv := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			i++
			if i >= len(args) {
				t.Fatalf("%v: %s needs an argument", args, a)
			}
			return args[i]
		}
		if len(segs) > 0 && a != "-m" && a != "-j" && a != "--match" && a != "--jump" {
			segs[len(segs)-1].args = append(segs[len(segs)-1].args, a)
			continue
		}
		switch a {
		case "!":
			inv = true
			continue
		case "-t":
			ctx.Table = next()
		case "-A":
			ctx.Chain = next()
		case "-p":
			p, ok := xt.ParseProto(next())
			if !ok {
				t.Fatalf("bad protocol in %v", args)
			}
			ctx.Proto, ctx.InvProto = p, inv
		case "-s", "-d", "-i", "-o":
			next()
		case "-f":
		case "-m", "--match":
			segs = append(segs, segment{kind: xt.KindMatch, name: next()})
		case "-j", "--jump":
			segs = append(segs, segment{kind: xt.KindTarget, name: next()})
		default:
			t.Fatalf("fixture %v: header option %s not understood", args, a)
		}
		inv = false
	}
	return ctx, segs
}

// shellSplit splits a line written by xtcapture's shellJoin.
func shellSplit(t *testing.T, s string) []string {
	var out []string
	var cur strings.Builder
	inWord, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ':
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
		t.Fatalf("unterminated quote in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}
