package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestConnMarkConformance(t *testing.T) {
	runConformance(t, 7, "libxt_connmark.t")
}

func TestConnMarkBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "connmark", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--mark", "0xffffffff/0xffffffff"}, &xt.ConnMark{Value: 0xffffffff, Mask: 0xffffffff}, " --mark 0xffffffff"},
		{[]string{"--mark", "0/0xffffffff"}, &xt.ConnMark{Mask: 0xffffffff}, " --mark 0x0"},
		{[]string{"!", "--mark", "1/0xf"}, &xt.ConnMark{Value: 1, Mask: 0xf, Invert: true}, " ! --mark 0x1/0xf"},
	})
}

func TestConnMarkErrors(t *testing.T) {
	checkInvalid(t, "connmark", 0, optValues("--mark", "-1", "0xfffffffff", "1x")...)
	checkRefused(t, "connmark", 0) // built without --mark
}

func FuzzDecodeConnMark(f *testing.F) {
	addSeeds(f, 1,
		[]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{1, 0, 0, 0, 0xf, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "connmark", 1)
}
