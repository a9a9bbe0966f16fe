package nft

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// goldenCase is one rule of testdata/golden.txt, captured from the real
// iptables-nft 1.8.9 by testdata/capture.sh (see the command there).
type goldenCase struct {
	args []string // -t TABLE -A CHAIN RULE
	save string   // what the real iptables-nft-save prints
	hex  []byte   // the NEWRULE attributes iptables-nft sent
}

func loadGolden(t testing.TB) []goldenCase {
	var out []goldenCase
	for _, c := range loadCaptures(t, "testdata/golden.txt", "rule: ") {
		out = append(out, goldenCase{args: rules.SplitArgs(c.first), save: c.save, hex: c.hex})
	}
	if len(out) == 0 {
		t.Fatal("no golden cases")
	}
	return out
}

// capture is one block of a capture script's output: its first line
// (after key), what iptables-nft-save printed, and the NEWRULE attributes.
type capture struct {
	first, save string
	hex         []byte
}

// loadCaptures reads the blocks of a file that capture.sh or
// capture_native.sh wrote; key starts each block ("rule: ", "nft: ").
func loadCaptures(t testing.TB, path, key string) []capture {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []capture
	var c capture
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		l := s.Text()
		switch {
		case strings.HasPrefix(l, key):
			c = capture{first: strings.TrimPrefix(l, key)}
		case strings.HasPrefix(l, "save: "):
			c.save = strings.TrimPrefix(l, "save: ")
		case strings.HasPrefix(l, "hex: "):
			if c.hex, err = hex.DecodeString(strings.TrimPrefix(l, "hex: ")); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
	}
	return out
}

// Our encoder writes byte for byte what iptables-nft 1.8.9 writes (with
// CompatComments: by default a trailing comment goes to NFTA_RULE_USERDATA,
// see TestCommentUserdata).
func TestGoldenEncode(t *testing.T) {
	for _, c := range loadGolden(t) {
		cmd, err := rules.ParseCommand(c.args, nil)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		r, err := EncodeRule(cmd.Table, cmd.Chain, cmd.Rules[0], &EncodeOptions{CompatComments: true})
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

// A trailing comment is written as NFTA_RULE_USERDATA (nftnl_udata type 0,
// NUL-terminated), which iptables-nft reads back as the last match; a
// comment followed by other matches stays an xt comment match.
func TestCommentUserdata(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		userdata bool
	}{
		{"-p tcp -m tcp --dport 80 -m comment --comment \"hi there\" -j ACCEPT", true},
		{"-m comment --comment first -m mark --mark 0x1 -j ACCEPT", false},
	} {
		r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs(tc.spec), nil)
		if err != nil {
			t.Fatal(err)
		}
		nr, err := EncodeRule("filter", "INPUT", r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if (nr.UserData != nil) != tc.userdata {
			t.Errorf("%s: userdata %x", tc.spec, nr.UserData)
		}
		e := enc{}
		nr.appendAttrs(&e)
		back, err := DecodeRule(e.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := ToRule(back).String(); got != tc.spec {
			t.Errorf("round trip:\n got %s\nwant %s", got, tc.spec)
		}
	}
}

// Field by field: the second golden rule, as the real iptables-nft wrote
// "-s 10.0.0.0/255.0.255.0 ! -d 10.1.0.0/16 -i eth+ -p tcp --dport 22 -j ACCEPT".
func TestDecodeRealFields(t *testing.T) {
	c := loadGolden(t)[1]
	nr, err := DecodeRule(c.hex)
	if err != nil {
		t.Fatal(err)
	}
	if nr.Table != "filter" || nr.Chain != "INPUT" || !nr.HasCompat || nr.CompatProto != 6 || nr.CompatFlags != 0 {
		t.Fatalf("rule attributes: %+v", nr)
	}
	r := ToRule(nr)
	if r.Src.Addr.String() != "10.0.0.0" || r.Src.Mask.String() != "255.0.255.0" || r.InvSrc {
		t.Errorf("-s: %v/%v inv %v", r.Src.Addr, r.Src.Mask, r.InvSrc)
	}
	if r.Dst.Addr.String() != "10.1.0.0" || r.Dst.Mask.String() != "255.255.0.0" || !r.InvDst {
		t.Errorf("-d: %v/%v inv %v", r.Dst.Addr, r.Dst.Mask, r.InvDst)
	}
	if r.InIface != "eth+" || r.InvIn || r.OutIface != "" {
		t.Errorf("interfaces: %q %v %q", r.InIface, r.InvIn, r.OutIface)
	}
	if r.Proto != 6 || r.InvProto || r.Fragment != rules.FragAny {
		t.Errorf("proto %d inv %v frag %v", r.Proto, r.InvProto, r.Fragment)
	}
	if len(r.Matches) != 1 {
		t.Fatalf("matches: %v", r.Matches)
	}
	tcp, ok := r.Matches[0].(*xt.TCP)
	if !ok || tcp.DstPorts == nil || *tcp.DstPorts != (xt.PortRange{Min: 22, Max: 22}) || tcp.SrcPorts != nil && *tcp.SrcPorts != (xt.PortRange{Max: 0xffff}) || tcp.Invert != 0 {
		t.Errorf("tcp match: %#v", r.Matches[0])
	}
	if s, ok := r.Target.(*xt.Standard); !ok || s.Verdict != xt.VerdictAccept {
		t.Errorf("target: %#v", r.Target)
	}
}

// "! --sport A ! --dport B" is two compares, as iptables-nft 1.8.11 writes
// it (1.8.9 wrote one 4-byte "neq", which matches other packets); both
// forms decode to the same rule.
func TestPortsBothInverted(t *testing.T) {
	spec := "-p tcp -m tcp ! --sport 5 ! --dport 6"
	r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs(spec), nil)
	if err != nil {
		t.Fatal(err)
	}
	nr, err := EncodeRule("filter", "INPUT", r, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range nr.Exprs {
		if c, ok := x.(*Cmp); ok && len(c.Data) == 2 && c.Op == CmpNeq {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("want two 2-byte neq compares: %+v", nr.Exprs)
	}
	old := &Rule{Table: "filter", Chain: "INPUT", Exprs: []Expr{
		&Meta{Key: MetaL4Proto, DReg: Reg1}, &Cmp{SReg: Reg1, Data: []byte{6}},
		&Payload{DReg: Reg1, Base: BaseTransport, Len: 4}, &Cmp{SReg: Reg1, Op: CmpNeq, Data: []byte{0, 5, 0, 6}},
		&Counter{},
	}}
	for _, x := range []*Rule{nr, old} {
		if got := ToRule(x).String(); got != spec {
			t.Errorf("got %q, want %q", got, spec)
		}
	}
}
