package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestLimitConformance(t *testing.T) {
	runConformance(t, 5, "libxt_limit.t")
}

func TestLimitBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "limit", ruleCtx("filter", "INPUT", 0), []buildCase{
		{nil, xt.NewLimit(), " --limit 3/hour"},
		{[]string{"--limit", "3/hour", "--limit-burst", "5"}, xt.NewLimit(), " --limit 3/hour"},
		{[]string{"--limit-burst", "0x10"}, &xt.Limit{Avg: xt.LimitDefaultAvg, Burst: 16}, " --limit 3/hour --limit-burst 16"},
		{[]string{"--limit", "10"}, &xt.Limit{Avg: 1000, Burst: 5}, " --limit 10/sec"},
		{[]string{"--limit", "7/M"}, &xt.Limit{Avg: 85714, Burst: 5}, " --limit 7/min"},
		{[]string{"--limit", "17/min"}, &xt.Limit{Avg: 35294, Burst: 5}, " --limit 17/min"},
		{[]string{"--limit", "9999/sec"}, &xt.Limit{Avg: 1, Burst: 5}, " --limit 10000/sec"},
		{[]string{"--limit", "1.5/sec"}, &xt.Limit{Avg: 10000, Burst: 5}, " --limit 1/sec"},
		{[]string{"--limit", "1/day", "--limit-burst", "1"}, &xt.Limit{Avg: 864000000, Burst: 1}, " --limit 1/day --limit-burst 1"},
	})
	if s := string((&xt.Limit{Burst: 5}).AppendSave(nil)); s != " --limit inf" {
		t.Errorf("avg 0 saves as %q", s)
	}
}

func TestLimitErrors(t *testing.T) {
	checkInvalid(t, "limit", 0,
		[]string{"--limit", "0/sec"},
		[]string{"--limit", "foo"},
		[]string{"--limit", "1/fortnight"},
		[]string{"--limit", "1/"},
		[]string{"--limit", "1/seconds"},
		[]string{"--limit", "100000/sec"},
		[]string{"--limit", "-1/sec"},
		[]string{"--limit", "99999999999999999999/sec"},
		[]string{"--limit-burst", "10001"},
		[]string{"--limit-burst", "-1"},
		[]string{"!", "--limit", "1/sec"},
		// Refused by the kernel (ERANGE): burst 0, and 1/day with burst 5,
		// whose product overflows 32 bits.
		[]string{"--limit-burst", "0"},
		[]string{"--limit", "1/day"},
	)
}

func TestLimitPrivateFieldsZero(t *testing.T) {
	b, err := (&xt.Limit{Avg: 1, Burst: 2}).AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range b[8:] {
		if c != 0 {
			t.Fatalf("byte %d of the kernel-private part is %#x", 8+i, c)
		}
	}
}

func FuzzDecodeLimit(f *testing.F) {
	addSeeds(f, 0,
		append([]byte{0x00, 0x1b, 0xb7, 0x00, 0x05, 0, 0, 0}, make([]byte, 32)...),
		append([]byte{0x10, 0x27, 0, 0, 1, 0, 0, 0}, make([]byte, 32)...),
	)
	fuzzDecode(f, xt.KindMatch, "limit", 0)
}
