package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRateEstTargetConformance(t *testing.T) {
	runConformance(t, 1, "libxt_RATEEST.t")
}

func TestRateEstTargetBuild(t *testing.T) {
	ctx := ruleCtx("filter", "FORWARD", 0)
	args := func(name, interval, ewma string) []string {
		return []string{"--rateest-name", name, "--rateest-interval", interval, "--rateest-ewmalog", ewma}
	}
	checkBuilds(t, xt.KindTarget, "RATEEST", ctx, []buildCase{
		{args("a", "250ms", "500ms"), &xt.RateEstTarget{Estimator: "a", Interval: -2, EWMALog: 1},
			" --rateest-name a --rateest-interval 250.0ms --rateest-ewmalog 500.0ms"},
		{args("b", " +0.5E1s", "1e2S"), &xt.RateEstTarget{Estimator: "b", Interval: 3, EWMALog: 4},
			" --rateest-name b --rateest-interval 8.0s --rateest-ewmalog 128.0s"},
		{args("c", "1000000usecs", "1e9s"), &xt.RateEstTarget{Estimator: "c", Interval: 0, EWMALog: 11},
			" --rateest-name c --rateest-interval 1.0s --rateest-ewmalog 2048.0s"},
		{args("", "0x.8p0sec", "2000Msec"), &xt.RateEstTarget{Interval: -1, EWMALog: 2},
			" --rateest-name  --rateest-interval 500.0ms --rateest-ewmalog 2.0s"},
	})
	checkTargetInvalid(t, "RATEEST", ctx,
		nil, args("x", "1s", "2s")[2:], args("x", "1s", "2s")[:4],
		args("x", "1m", "2s"), args("x", "1s", "s"), args("x", "", "2s"), args("x", "1s2", "2s"),
		args("x", "9s", "20s"), args("x", "-1s", "2s"), args("x", "nan", "2s"), args("x", "1s", "inf"),
		args("x", "1s", "1s"), args("x", "0", "1s"))
	checkTargetDecodeUnknown(t, "RATEEST", 0,
		append([]byte("x\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		append([]byte("x\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		append([]byte("0123456789abcdef"), 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "RATEEST")
	for _, r := range []*xt.RateEstTarget{{Estimator: "x"}, {Estimator: "x", EWMALog: 31}} {
		if err := spec.CheckKernel(ctx, r); err == nil {
			t.Errorf("%+v passes the kernel checks", r)
		}
	}
}

func TestRateEstTargetPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.RateEstTarget{Estimator: "RE1", Interval: -2, EWMALog: 1}, numeric: " name RE1 interval 250.0ms ewmalog 500.0ms"},
		{ext: &xt.RateEstTarget{Estimator: "x", Interval: 3, EWMALog: 30}, numeric: " name x interval 8.0s ewmalog 0us"},
		{ext: &xt.RateEstTarget{Estimator: "x", Interval: -2, EWMALog: 0}, numeric: " name x interval 250.0ms ewmalog 250.0ms"},
	})
}

func FuzzDecodeRateEstTarget(f *testing.F) {
	p := make([]byte, 32)
	p[0], p[16], p[17] = 'x', 0xfe, 1
	addSeeds(f, 0, p)
	fuzzDecode(f, xt.KindTarget, "RATEEST", 0)
}
