package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTCPMSSTargetConformance(t *testing.T) {
	runConformance(t, 4, "libxt_TCPMSS.t")
}

// The kernel refuses a TCPMSS rule without a tcp SYN match. That check
// needs the whole rule, so it is xt.CheckTCPMSSRule rather than the spec's
// Check, and the golden fixtures (which check one extension at a time)
// leave out "-p tcp -j TCPMSS --set-mss 42" and "! --syn".
func TestCheckTCPMSSRule(t *testing.T) {
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: "FORWARD", Proto: 6}
	build := func(k xt.Kind, name string, args ...string) xt.Extension {
		e, err := parseExt(t, k, name, ctx, args...)
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
	for chain, ok := range map[string]bool{"PREROUTING": false, "INPUT": false, "FORWARD": true, "OUTPUT": true, "POSTROUTING": true, "user": true} {
		c := *ctx
		c.Chain = chain
		if _, err := parseExt(t, xt.KindTarget, "TCPMSS", &c, "--clamp-mss-to-pmtu"); (err == nil) != ok {
			t.Errorf("clamp in %s: err %v", chain, err)
		}
	}
}

func FuzzDecodeTCPMSSTarget(f *testing.F) {
	addSeeds(f, 0, []byte{0xff, 0xff, 0, 0, 0, 0, 0, 0}, []byte{0x2a, 0})
	fuzzDecode(f, xt.KindTarget, "TCPMSS", 0)
}
