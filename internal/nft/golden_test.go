package nft

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/rules"
)

// goldenCase is one rule of testdata/golden.txt, captured from the real
// iptables-nft 1.8.9 by testdata/capture.sh (see the command there).
type goldenCase struct {
	args []string // -t TABLE -A CHAIN RULE
	save string   // what the real iptables-nft-save prints
	hex  []byte   // the NEWRULE attributes iptables-nft sent
}

func loadGolden(t testing.TB) []goldenCase {
	f, err := os.Open("testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenCase
	var c goldenCase
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		l := s.Text()
		switch {
		case strings.HasPrefix(l, "rule: "):
			c = goldenCase{args: rules.SplitArgs(strings.TrimPrefix(l, "rule: "))}
		case strings.HasPrefix(l, "save: "):
			c.save = strings.TrimPrefix(l, "save: ")
		case strings.HasPrefix(l, "hex: "):
			if c.hex, err = hex.DecodeString(strings.TrimPrefix(l, "hex: ")); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatal("no golden cases")
	}
	return out
}

// Our encoder writes byte for byte what iptables-nft 1.8.9 writes.
func TestGoldenEncode(t *testing.T) {
	for _, c := range loadGolden(t) {
		cmd, err := rules.ParseCommand(c.args, nil)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		r, err := EncodeRule(cmd.Table, cmd.Chain, cmd.Rules[0], nil)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		e := enc{}
		r.appendAttrs(&e)
		if d := cmp.Diff(dumpAttrs(c.hex), dumpAttrs(e.b)); d != "" {
			t.Errorf("%v: encoding differs (-iptables-nft +ours):\n%s", c.args, d)
		}
	}
}

// What the real iptables-nft writes decodes into the rule its save prints.
func TestGoldenDecode(t *testing.T) {
	for _, c := range loadGolden(t) {
		nr, err := DecodeRule(c.hex)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		r := ToRule(nr)
		if IsForeign(r) {
			t.Errorf("%v: decoded as foreign", c.args)
			continue
		}
		got := string(r.AppendSave(nil, nr.Chain, false))
		if got != c.save {
			t.Errorf("decode of %v:\n got %s\nwant %s", c.args, got, c.save)
		}
	}
}

// dumpAttrs renders attributes as nested hex lines, so that diffs show
// where two encodings part.
func dumpAttrs(b []byte) []string {
	var out []string
	var walk func(b []byte, indent string)
	walk = func(b []byte, indent string) {
		a := attrs{b: b}
		for a.next() {
			nested := false
			if len(a.val) >= 4 {
				inner := attrs{b: a.val}
				for inner.next() {
				}
				nested = inner.err == nil && (a.typ == 4 || a.typ == 5 || a.typ == 1 || a.typ == 2 || a.typ == 3) && len(a.val)%4 == 0 && validNest(a.val)
			}
			if nested {
				out = append(out, indent+"nest "+hex.EncodeToString([]byte{byte(a.typ)}))
				walk(a.val, indent+"  ")
				continue
			}
			out = append(out, indent+hex.EncodeToString([]byte{byte(a.typ)})+" "+hex.EncodeToString(a.val))
		}
		if a.err != nil {
			out = append(out, indent+"malformed "+hex.EncodeToString(a.b))
		}
	}
	walk(b, "")
	return out
}

// validNest reports whether b parses as attributes that fill it exactly.
func validNest(b []byte) bool {
	a := attrs{b: b}
	n := 0
	for a.next() {
		n++
	}
	return a.err == nil && n > 0
}
