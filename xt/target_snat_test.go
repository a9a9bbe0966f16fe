package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestSNATConformance(t *testing.T) {
	runConformance(t, 15, "libipt_SNAT.t")
}

// A /BASE has no room in nf_nat_ipv4_multi_range_compat: iptables keeps
// the flag and drops the base (the golden capture saves ":1000-2000/0").
func TestSNATDropsBase(t *testing.T) {
	e, err := parseExt(t, xt.KindTarget, "SNAT", ruleCtx("nat", "POSTROUTING", 17), "--to-source", "1.1.1.1:1000-2000/5")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(e.AppendSave(nil)), " --to-source 1.1.1.1:1000-2000/0"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
}

func FuzzDecodeSNAT(f *testing.F) { fuzzDecode(f, xt.KindTarget, "SNAT") }
