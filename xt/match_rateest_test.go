package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRateestConformance(t *testing.T) {
	runConformance(t, 11, "libxt_rateest.t")
}

func TestRateestBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "rateest", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--rateest", "RE1", "!", "--rateest-lt", "--rateest-pps"},
			&xt.Rateest{Name1: "RE1", Flags: xt.RateestAbs | xt.RateestPPS | xt.RateestInvert, Mode: xt.RateestLT},
			" --rateest RE1 ! --rateest-lt --rateest-pps 0"},
		{[]string{"--rateest1", "averyverylongestimator", "--rateest2", "b", "--rateest-eq", "--rateest-bps"},
			&xt.Rateest{Name1: "averyverylonges", Name2: "b", Flags: xt.RateestRel | xt.RateestBPS, Mode: xt.RateestEQ},
			" --rateest1 averyverylonges --rateest-eq --rateest-bps --rateest2 b"},
	})
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "rateest")
	for _, c := range []struct{ rate, save string }{
		{"1Kibit", " --rateest-bps 1024bit"}, {"2gbit", " --rateest-bps 2000Mbit"},
		{"2.5MBps", " --rateest-bps 20000Kbit"}, {"12", " --rateest-bps 8bit"}, {"1e3KBPS", " --rateest-bps 8000Kbit"},
	} {
		e, err := spec.BuildOpts(ruleCtx("filter", "INPUT", 0), []xt.Opt{{Name: "rateest", Arg: "a"}, {Name: "rateest-gt"}, {Name: "rateest-bps", Arg: c.rate}})
		if err != nil {
			t.Errorf("%s: %v", c.rate, err)
			continue
		}
		if got, want := string(e.AppendSave(nil)), " --rateest a --rateest-gt"+c.save; got != want {
			t.Errorf("%s: save %q, want %q", c.rate, got, want)
		}
	}
	for _, bad := range []string{"bad", "1xbit", "bit"} {
		if _, err := spec.BuildOpts(ruleCtx("filter", "INPUT", 0), []xt.Opt{{Name: "rateest", Arg: "a"}, {Name: "rateest-gt"}, {Name: "rateest-bps", Arg: bad}}); err == nil {
			t.Errorf("rate %q: built, want an error", bad)
		}
	}
}

func TestRateestErrors(t *testing.T) {
	checkInvalid(t, "rateest", 0,
		[]string{},
		[]string{"--rateest", "a"},
		[]string{"--rateest", "a", "--rateest-pps"},
		[]string{"--rateest", "a", "--rateest-lt"},
		[]string{"--rateest", "a", "--rateest1", "b", "--rateest-lt", "--rateest-pps"},
		[]string{"--rateest", "a", "--rateest-lt", "--rateest-pps", "--rateest-pps2"},
		[]string{"--rateest", "a", "--rateest-lt", "--rateest-bps=8bit"},
	)
}

func TestRateestPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Rateest{Name1: "RE1", Flags: xt.RateestAbs | xt.RateestBPS, Mode: xt.RateestLT, BPS2: 625},
			numeric: " rateest match RE1 bps 625 lt", names: " rateest match RE1 bps 5000bit lt"},
		{ext: &xt.Rateest{Name1: "RE1", Name2: "RE2", Flags: xt.RateestRel | xt.RateestDelta | xt.RateestPPS | xt.RateestInvert, Mode: xt.RateestGT, PPS1: 1, PPS2: 2},
			numeric: " rateest match RE1 delta pps 1 ! gt RE2 pps 2"},
		// From iptables-legacy 1.8.9 -L and -L -n.
		{ext: &xt.Rateest{Name1: "RE1", Flags: xt.RateestAbs | xt.RateestBPS | xt.RateestPPS, Mode: xt.RateestEQ, BPS2: 250000000, PPS2: 7},
			numeric: " rateest match RE1 bps 250000000 eq pps eq 7", names: " rateest match RE1 bps 2000Mbit eq pps eq 7"},
		{ext: &xt.Rateest{Name1: "RE1", Flags: xt.RateestAbs | xt.RateestDelta | xt.RateestBPS | xt.RateestPPS, Mode: xt.RateestGT, BPS1: 125, BPS2: 250, PPS1: 3, PPS2: 4},
			numeric: " rateest match RE1 delta bps 125 250 gt pps 3 gt 4", names: " rateest match RE1 delta bps 1000bit 2000bit gt pps 3 gt 4"},
		{ext: &xt.Rateest{Name1: "RE1", Name2: "RE2", Flags: xt.RateestRel | xt.RateestBPS | xt.RateestPPS | xt.RateestInvert, Mode: xt.RateestEQ},
			numeric: " rateest match RE1 bps pps ! eq RE2 bps pps"},
		{ext: &xt.Rateest{Name1: "RE1", Name2: "RE2", Flags: xt.RateestRel | xt.RateestDelta | xt.RateestBPS, Mode: xt.RateestLT, BPS1: 1, BPS2: 2},
			numeric: " rateest match RE1 delta bps 1 lt RE2 bps 2", names: " rateest match RE1 delta bps 8bit lt RE2 bps 16bit"},
		{ext: &xt.Rateest{Name1: "RE1", Flags: xt.RateestAbs | xt.RateestPPS | xt.RateestInvert, Mode: xt.RateestGT, PPS2: 5},
			numeric: " rateest match RE1 pps ! gt 5"},
	})
}

func FuzzDecodeRateest(f *testing.F) {
	addSeeds(f, 0, make([]byte, 72))
	fuzzDecode(f, xt.KindMatch, "rateest", 0)
}
