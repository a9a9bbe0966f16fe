package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestMarkConformance(t *testing.T) {
	runConformance(t, 7, "libxt_mark.t")
}

func TestMarkBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "mark", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--mark", "0xfeedcafe/0xfeedcafe"}, &xt.Mark{Value: 0xfeedcafe, Mask: 0xfeedcafe}, " --mark 0xfeedcafe/0xfeedcafe"},
		{[]string{"--mark", "4294967295"}, &xt.Mark{Value: 0xffffffff, Mask: 0xffffffff}, " --mark 0xffffffff"},
		{[]string{"!", "--mark", "010"}, &xt.Mark{Value: 8, Mask: 0xffffffff, Invert: true}, " ! --mark 0x8"},
		{[]string{"--mark", "1/0"}, &xt.Mark{Value: 1}, " --mark 0x1/0x0"},
	})
}

func TestMarkErrors(t *testing.T) {
	checkInvalid(t, "mark", 0, optValues("--mark", "4294967296", "-1", "1/", "1x", "1/2/3", "", "/1", "1/-1")...)
	checkRefused(t, "mark", 0) // built without --mark
}

func FuzzDecodeMark(f *testing.F) {
	addSeeds(f, 1,
		[]byte{0xfe, 0xca, 0xed, 0xfe, 0xfe, 0xca, 0xed, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "mark", 1)
}
