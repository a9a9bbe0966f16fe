package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestSNATConformance(t *testing.T) {
	if n := tgtRunT(t, "libipt_SNAT.t"); n != 15 {
		t.Errorf("%d lines pass, want 15", n)
	}
}

// A /BASE has no room in nf_nat_ipv4_multi_range_compat: iptables keeps
// the flag and drops the base (the golden capture saves ":1000-2000/0").
func TestSNATDropsBase(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "SNAT")
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "nat", Chain: "POSTROUTING", Proto: 17}
	e, err := xt.ParseArgs(spec, ctx, []string{"--to-source", "1.1.1.1:1000-2000/5"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(e.AppendSave(nil)), " --to-source 1.1.1.1:1000-2000/0"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
}

func FuzzDecodeSNAT(f *testing.F) { tgtFuzzDecode(f, xt.FamilyIPv4, "SNAT", "SNAT") }
