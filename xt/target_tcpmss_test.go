package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTCPMSSTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_TCPMSS.t"))
}

// The kernel refuses a TCPMSS rule without a tcp SYN match. That check
// needs the whole rule, so it is xt.CheckTCPMSSRule rather than the spec's
// Check, and the golden fixtures (which check one extension at a time)
// leave out "-p tcp -j TCPMSS --set-mss 42" and "! --syn".
func TestCheckTCPMSSRule(t *testing.T) {
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: "FORWARD", Proto: 6}
	build := func(k xt.Kind, name string, args ...string) xt.Extension {
		spec, _ := xt.Lookup(k, xt.FamilyIPv4, name)
		e, err := xt.ParseArgs(spec, ctx, args)
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		return e
	}
	target := build(xt.KindTarget, "TCPMSS", "--set-mss", "1400")
	for _, c := range []struct {
		tcp  []string
		want bool
	}{
		{nil, false},
		{[]string{"--syn"}, true},
		{[]string{"!", "--syn"}, false},
		{[]string{"--tcp-flags", "SYN,RST", "SYN"}, true},
		{[]string{"--tcp-flags", "SYN,ACK", "ACK"}, false},
		{[]string{"--dport", "80"}, false},
	} {
		exts := []xt.Extension{target}
		if c.tcp != nil {
			exts = append([]xt.Extension{build(xt.KindMatch, "tcp", c.tcp...)}, exts...)
		}
		if err := xt.CheckTCPMSSRule(exts); (err == nil) != c.want {
			t.Errorf("tcp %v: err %v, want ok=%v", c.tcp, err, c.want)
		}
	}
	if err := xt.CheckTCPMSSRule([]xt.Extension{build(xt.KindMatch, "tcp", "--dport", "80")}); err != nil {
		t.Errorf("rule without TCPMSS: %v", err)
	}
	// Clamping to the path MTU is refused in PREROUTING and INPUT.
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "TCPMSS")
	for chain, ok := range map[string]bool{"PREROUTING": false, "INPUT": false, "FORWARD": true, "OUTPUT": true, "POSTROUTING": true, "user": true} {
		c := *ctx
		c.Chain = chain
		if _, err := xt.ParseArgs(spec, &c, []string{"--clamp-mss-to-pmtu"}); (err == nil) != ok {
			t.Errorf("clamp in %s: err %v", chain, err)
		}
	}
}

func FuzzDecodeTCPMSSTarget(f *testing.F) {
	ctmAddSeeds(f, "target", "TCPMSS")
	f.Add([]byte{0xff, 0xff, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x2a, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "TCPMSS", 0, data)
	})
}
