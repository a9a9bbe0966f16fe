package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRPFilterConformance(t *testing.T) {
	runConformance(t, 2, "libxt_rpfilter.t")
}

func TestRPFilterBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "rpfilter", ruleCtx("raw", "PREROUTING", 0), []buildCase{
		{nil, &xt.RPFilter{}, ""},
		{[]string{"--invert", "--loose"}, &xt.RPFilter{Flags: xt.RPFilterLoose | xt.RPFilterInvert}, " --loose --invert"},
		{[]string{"--valid", "--accept"}, &xt.RPFilter{Flags: xt.RPFilterValidMark | xt.RPFilterAcceptLocal},
			" --validmark --accept-local"},
	})
}

func TestRPFilterErrors(t *testing.T) {
	for _, c := range []struct{ table, chain string }{{"filter", "INPUT"}, {"mangle", "INPUT"}, {"nat", "PREROUTING"}} {
		if _, err := parseExt(t, xt.KindMatch, "rpfilter", ruleCtx(c.table, c.chain, 0)); err == nil {
			t.Errorf("rpfilter built in %s %s", c.table, c.chain)
		}
	}
	for _, args := range [][]string{{"--loose", "--loose"}, {"!", "--invert"}, {"--bogus"}} {
		if _, err := parseExt(t, xt.KindMatch, "rpfilter", ruleCtx("mangle", "PREROUTING", 0), args...); err == nil {
			t.Errorf("rpfilter %q: built", args)
		}
	}
}

func TestRPFilterPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.RPFilter{}, numeric: " rpfilter"},
		{ext: &xt.RPFilter{Flags: 0x0f}, numeric: " rpfilter loose validmark accept-local invert"},
	})
}

func FuzzDecodeRPFilter(f *testing.F) {
	addSeeds(f, 0, []byte{0x0f, 0, 0, 0, 0, 0, 0, 0}, []byte{0x10})
	fuzzDecode(f, xt.KindMatch, "rpfilter", 0)
}
