package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestConnMarkTargetConformance(t *testing.T) {
	runConformance(t, 5, "libxt_CONNMARK.t")
}

func TestConnMarkTargetOps(t *testing.T) {
	checkBuilds(t, xt.KindTarget, "CONNMARK", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--set-mark", "1"}, &xt.SetConnMark{Rev: 2, CtMark: 1, CtMask: 0xffffffff, NfMask: 0xffffffff}, " --set-xmark 0x1/0xffffffff"},
		{[]string{"--and-mark", "0xff"}, &xt.SetConnMark{Rev: 2, CtMask: 0xffffff00, NfMask: 0xffffffff}, " --set-xmark 0x0/0xffffff00"},
		{[]string{"--save-mark", "--mask", "0xff"}, &xt.SetConnMark{Rev: 2, Mode: xt.ConnMarkSave, CtMask: 0xff, NfMask: 0xff}, " --save-mark --nfmask 0xff --ctmask 0xff"},
		{[]string{"--restore-mark", "--ctmask", "0xf0", "--right-shift-mark", "4"},
			&xt.SetConnMark{Rev: 2, Mode: xt.ConnMarkRestore, CtMask: 0xf0, NfMask: 0xffffffff, ShiftDir: xt.ShiftRight, ShiftBits: 4},
			" --restore-mark --nfmask 0xffffffff --ctmask 0xf0 --right-shift-mark 4"},
		{[]string{"--save-mark", "--restore-mark"}, nil, ""},
		{[]string{"--mask", "1", "--ctmask", "2", "--save-mark"}, nil, ""},
		{[]string{"--ctmask", "1"}, nil, ""},
		{[]string{"--save-mark", "--left-shift-mark", "33"}, nil, ""},
	})
}

func FuzzDecodeConnMarkTarget(f *testing.F) {
	addSeeds(f, 2, []byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 0})
	fuzzDecode(f, xt.KindTarget, "CONNMARK", 0, 1, 2)
}
