package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestMasqueradeConformance(t *testing.T) {
	runConformance(t, 7, "libipt_MASQUERADE.t")
}

// The kernel refuses addresses in MASQUERADE (masquerade_tg_check).
func TestMasqueradeMapIPs(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "MASQUERADE")
	m := &xt.Masquerade{NATRange: xt.NATRange{Flags: xt.NATMapIPs, MinAddr: netip.MustParseAddr("1.1.1.1")}}
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "nat", Chain: "POSTROUTING"}
	if err := spec.CheckKernel(ctx, m); err == nil {
		t.Error("MASQUERADE with addresses passed the kernel check")
	}
}

func FuzzDecodeMasquerade(f *testing.F) {
	fuzzDecode(f, xt.KindTarget, "MASQUERADE")
}
