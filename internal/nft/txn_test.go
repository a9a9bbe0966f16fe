package nft

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/rules"
)

// kernelRule returns rule spec as the kernel would hold it in chain.
func kernelRule(t *testing.T, chain string, h uint64, spec string, ctr rules.Counters) *Rule {
	t.Helper()
	r, err := rules.ParseRule("filter", chain, rules.SplitArgs(spec), nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Counters = ctr
	nr, err := EncodeRule("filter", chain, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	nr.Handle = h
	return nr
}

// fakeImage is a filter table as a kernel would dump it: INPUT with a
// foreign rule between two iptables rules, and user chain FOO.
func fakeImage(t *testing.T) *Image {
	p := uint32(1)
	chains := []*Chain{
		{Table: "filter", Name: "INPUT", Handle: 1, Hook: &Hook{Num: HookInput}, Type: "filter", Policy: &p},
		{Table: "filter", Name: "FOO", Handle: 2},
	}
	foreign := &Rule{Table: "filter", Chain: "INPUT", Handle: 11, Exprs: []Expr{
		&Payload{DReg: Reg1, Base: BaseNetwork, Offset: 2, Len: 2}, // ip length 100
		&Cmp{SReg: Reg1, Op: CmpEq, Data: []byte{0, 100}},
		&Counter{Packets: 3},
		&Immediate{DReg: RegVerdict, Verdict: VerdictAccept},
	}}
	krules := []*Rule{
		kernelRule(t, "INPUT", 10, "-s 192.0.2.1/32 -j ACCEPT", rules.Counters{}),
		foreign,
		kernelRule(t, "INPUT", 12, "-s 192.0.2.2/32 -j DROP", rules.Counters{Packets: 7, Bytes: 8}),
		kernelRule(t, "FOO", 20, "-j RETURN", rules.Counters{Packets: 5, Bytes: 6}),
	}
	at := make([]ruleAt, len(krules))
	for i, kr := range krules {
		at[i] = ruleAt{chain: kr.Chain, handle: kr.Handle, rule: ToRule(kr)}
	}
	return newImage("filter", true, chains, at, 42)
}

// describe lists the messages of a batch, one line each.
func describe(t *testing.T, b *Batch) []string {
	var out []string
	err := splitMsgs(b.bytes(), func(typ, flags uint16, seq uint32, data []byte) error {
		data = data[nfgenHdrLen:]
		switch typ & 0xff {
		case msgNewRule, msgDelRule:
			r, err := DecodeRule(data)
			if err != nil {
				return err
			}
			op := "add"
			switch {
			case typ&0xff == msgDelRule:
				op = "del"
			case flags&flagReplace != 0:
				op = "replace"
			case flags&flagAppend != 0:
				op = "append"
			}
			s := fmt.Sprintf("%s %s h=%d pos=%d", op, r.Chain, r.Handle, r.Position)
			if r.Exprs != nil {
				x := ToRule(r)
				s += " " + strings.TrimSpace(string(x.AppendSave(nil, r.Chain, true)))
			}
			out = append(out, s)
		case msgNewChain:
			c, err := decodeChain(data)
			if err != nil {
				return err
			}
			s := "chain " + c.Name
			if c.Policy != nil {
				s += fmt.Sprintf(" policy=%d", *c.Policy)
			}
			out = append(out, s)
		case msgDelChain:
			c, _ := decodeChain(data)
			out = append(out, "delchain "+c.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImageForeign(t *testing.T) {
	im := fakeImage(t)
	if im.Foreign != 1 {
		t.Fatalf("%d foreign rules, want 1", im.Foreign)
	}
	got := string(im.Table.AppendSave(nil, true))
	for _, want := range []string{
		":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:FOO - [0:0]\n",
		"[3:0] -A INPUT -m nft-foreign --nfkit-raw 0:000000000000000b\n",
		"[7:8] -A INPUT -s 192.0.2.2/32 -j DROP\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// A commit sends only what changed: the deleted rule by handle, the new
// ones before the next kept rule or appended, a rule whose counters
// changed replaced, the policy; the foreign rule and the unchanged ones
// are not sent.
func TestPlanSendsOnlyChanges(t *testing.T) {
	im := fakeImage(t)
	tab := im.Table
	parse := func(spec string) *rules.Rule {
		r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs(spec), nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(tab.DeleteNum("INPUT", 1))
	must(tab.Insert("INPUT", 1, parse("-s 192.0.2.3/32 -j ACCEPT")))
	must(tab.Append("INPUT", parse("-s 192.0.2.4/32 -j ACCEPT")))
	must(tab.SetPolicy("INPUT", rules.Policy(-1), nil))
	must(tab.Zero("FOO"))
	must(tab.NewChain("BAR"))
	b := NewBatch(im.GenID)
	must(im.Plan(b, tab, nil, nil))
	want := []string{
		"chain INPUT policy=0",
		"chain BAR",
		"del INPUT h=10 pos=0",
		"add INPUT h=0 pos=11 [0:0] -A INPUT -s 192.0.2.3/32 -j ACCEPT",
		"append INPUT h=0 pos=0 [0:0] -A INPUT -s 192.0.2.4/32 -j ACCEPT",
		"replace FOO h=20 pos=0 [0:0] -A FOO -j RETURN",
	}
	if d := cmp.Diff(want, describe(t, b)); d != "" {
		t.Fatalf("batch (-want +got):\n%s", d)
	}
}

// Deleting a chain flushes it first; a re-created chain of the same name
// (restore) is the same kernel chain, flushed, not deleted.
func TestPlanChainDeleteAndRecreate(t *testing.T) {
	im := fakeImage(t)
	tab := im.Table
	if err := tab.Flush("FOO"); err != nil {
		t.Fatal(err)
	}
	if err := tab.DeleteChain("FOO"); err != nil {
		t.Fatal(err)
	}
	b := NewBatch(1)
	if err := im.Plan(b, tab, nil, nil); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"del FOO h=0 pos=0", "delchain FOO"}, describe(t, b)); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}

	im = fakeImage(t)
	tab = im.Table
	tab.Chains = tab.Chains[:3]                 // restore drops user chains ...
	if err := tab.NewChain("FOO"); err != nil { // ... and declares them again
		t.Fatal(err)
	}
	b = NewBatch(1)
	if err := im.Plan(b, tab, nil, nil); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"del FOO h=0 pos=0"}, describe(t, b)); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
}

// appendOnly takes the fast path for appends only.
func TestAppendOnly(t *testing.T) {
	sk := newImage("filter", false, nil, nil, 3)
	r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs("-s 192.0.2.9/32 -j ACCEPT"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		fn   func(*rules.Table) error
		ok   bool
	}{
		{"-A", func(t *rules.Table) error { return t.Append("INPUT", r) }, true},
		{"-I 1", func(t *rules.Table) error { return t.Insert("INPUT", 1, r) }, false},
		{"-I 2", func(t *rules.Table) error { return t.Insert("INPUT", 2, r) }, false},
		{"-D 1", func(t *rules.Table) error { return t.DeleteNum("INPUT", 1) }, false},
		{"-F", func(t *rules.Table) error { return t.Flush("INPUT") }, false},
		{"-Z", func(t *rules.Table) error { return t.Zero("") }, false},
		{"-P", func(t *rules.Table) error { return t.SetPolicy("INPUT", rules.Policy(-1), nil) }, false},
		{"-N", func(t *rules.Table) error { return t.NewChain("X") }, false},
	} {
		b, ok := appendOnly(sk, tc.fn, nil)
		if ok != tc.ok {
			t.Errorf("%s: fast path %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if ok {
			want := []string{"chain INPUT policy=1", "append INPUT h=0 pos=0 [0:0] -A INPUT -s 192.0.2.9/32 -j ACCEPT"}
			if d := cmp.Diff(want, describe(t, b)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, d)
			}
		}
	}
}
