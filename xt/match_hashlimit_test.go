package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestHashlimitConformance(t *testing.T) {
	runConformance(t, 27, "libxt_hashlimit.t")
}

func TestHashlimitBuild(t *testing.T) {
	v3 := func(h xt.Hashlimit) *xt.Hashlimit {
		h.Rev, h.GCInterval, h.SrcMask, h.DstMask = 3, 1000, 32, 32
		return &h
	}
	checkBuilds(t, xt.KindMatch, "hashlimit", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--hashlimit-upto", "2/m", "--hashlimit-name", "x"},
			v3(xt.Hashlimit{Table: "x", Avg: 30000000, Burst: 5, Expire: 60000}),
			" --hashlimit-upto 2/min --hashlimit-burst 5 --hashlimit-name x"},
		{[]string{"!", "--hashlimit-upto", "1/DAY", "--hashlimit-name", "x", "--hashlimit-burst", "1"},
			v3(xt.Hashlimit{Table: "x", Mode: xt.HashlimitInvert, Avg: 86400000000, Burst: 1, Expire: 86400000}),
			" --hashlimit-above 1/day --hashlimit-burst 1 --hashlimit-name x"},
		{[]string{"--hashlimit-upto", "1/fortnight", "--hashlimit-name", "x"}, nil, ""},
		{[]string{"--hashlimit-upto", "2000000/s", "--hashlimit-name", "x"}, nil, ""},
		{[]string{"--hashlimit-upto", "1kb/s", "--hashlimit-burst", "1b", "--hashlimit-name", "x"}, nil, ""},
		{[]string{"--hashlimit-upto", "1/s", "--hashlimit-mode", "srcip,bogus", "--hashlimit-name", "x"}, nil, ""},
		{[]string{"--hashlimit-upto", "1/s", "--hashlimit-rate-interval", "0", "--hashlimit-name", "x"}, nil, ""},
	})
	// Older kernels: revision 1 (scale 10000, 16-byte names) and 2.
	checkBuilds(t, xt.KindMatch, "hashlimit", ruleCtx("filter", "INPUT", 0, 1), []buildCase{
		{[]string{"--hashlimit-upto", "10/sec", "--hashlimit-name", "averyveryverylongname"},
			&xt.Hashlimit{Rev: 1, Table: "averyveryverylo", Avg: 1000, Burst: 5, GCInterval: 1000, Expire: 1000, SrcMask: 32, DstMask: 32},
			" --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name averyveryverylo"},
		{[]string{"--hashlimit-upto", "10/sec", "--hashlimit-burst", "10001", "--hashlimit-name", "x"}, nil, ""},
	})
	checkBuilds(t, xt.KindMatch, "hashlimit", ruleCtx("filter", "INPUT", 0, 2), []buildCase{
		{[]string{"--hashlimit-above", "1kb/s", "--hashlimit-name", "x", "--hashlimit-mode", "dstport"},
			&xt.Hashlimit{Rev: 2, Table: "x", Mode: xt.HashlimitInvert | xt.HashlimitBytes | xt.HashlimitDstPort, Avg: 66076419, GCInterval: 1000, Expire: 15000, SrcMask: 32, DstMask: 32},
			" --hashlimit-above 1kb/s --hashlimit-mode dstport --hashlimit-name x"},
	})
}

func TestHashlimitErrors(t *testing.T) {
	checkInvalid(t, "hashlimit", 0,
		[]string{"--hashlimit-name", "x"},
		[]string{"--hashlimit-upto", "1/s"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-above", "1/s", "--hashlimit-name", "x"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-name", ""},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-name", "a/b"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-name", "x", "--hashlimit-htable-expire", "0"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-name", "x", "--hashlimit-dstmask", "33"},
		[]string{"--hashlimit-upto", "0/s", "--hashlimit-name", "x"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-burst", "0", "--hashlimit-name", "x"},
		[]string{"--hashlimit-upto", "1/s", "--hashlimit-burst", "-1", "--hashlimit-name", "x"},
	)
}

func TestHashlimitPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Hashlimit{Rev: 3, Table: "a", Avg: 1000000, Burst: 5, GCInterval: 1000, Expire: 1000, SrcMask: 32, DstMask: 32},
			numeric: " limit: up to 1/sec burst 5"},
		{ext: &xt.Hashlimit{Rev: 3, Table: "r", Mode: xt.HashlimitInvert | xt.HashlimitSrcIP | xt.HashlimitDstPort | xt.HashlimitRateMatch,
			Avg: 25000, Burst: 5, GCInterval: 1000, Expire: 60000, SrcMask: 24, DstMask: 32, Interval: 60},
			numeric: " limit: above 40/min burst 5 mode srcip-dstport srcmask 24 rate-match rate-interval 60"},
		{ext: &xt.Hashlimit{Rev: 3, Table: "m", Mode: xt.HashlimitBytes, Avg: 16711935, Burst: 100, GCInterval: 1000, Expire: 60000, SrcMask: 32, DstMask: 32},
			numeric: " limit: up to 4kb/s burst 400kb"},
		{ext: &xt.Hashlimit{Rev: 1, Table: "z", GCInterval: 7, Expire: 3, Size: 1, Max: 2, SrcMask: 32, DstMask: 8},
			numeric: " limit: up to inf burst 0 htable-size 1 htable-max 2 htable-gcinterval 7 htable-expire 3 dstmask 8"},
	})
}

func FuzzDecodeHashlimit(f *testing.F) {
	addSeeds(f, 1, make([]byte, 56))
	addSeeds(f, 2, make([]byte, 304))
	fuzzDecode(f, xt.KindMatch, "hashlimit", 1, 2, 3)
}
