package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestConnMarkTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_CONNMARK.t"))
}

func TestConnMarkTargetOps(t *testing.T) {
	for _, c := range []struct {
		args []string
		want *xt.SetConnMark
		save string
	}{
		{[]string{"--set-mark", "1"}, &xt.SetConnMark{Rev: 2, CtMark: 1, CtMask: 0xffffffff, NfMask: 0xffffffff}, " --set-xmark 0x1/0xffffffff"},
		{[]string{"--and-mark", "0xff"}, &xt.SetConnMark{Rev: 2, CtMask: 0xffffff00, NfMask: 0xffffffff}, " --set-xmark 0x0/0xffffff00"},
		{[]string{"--save-mark", "--mask", "0xff"}, &xt.SetConnMark{Rev: 2, Mode: xt.ConnMarkSave, CtMask: 0xff, NfMask: 0xff}, " --save-mark --nfmask 0xff --ctmask 0xff"},
		{[]string{"--restore-mark", "--ctmask", "0xf0", "--right-shift-mark", "4"},
			&xt.SetConnMark{Rev: 2, Mode: xt.ConnMarkRestore, CtMask: 0xf0, NfMask: 0xffffffff, ShiftDir: xt.ShiftRight, ShiftBits: 4},
			" --restore-mark --nfmask 0xffffffff --ctmask 0xf0 --right-shift-mark 4"},
	} {
		e, err := ctmBuild(t, xt.KindTarget, "CONNMARK", c.args...)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if diff := ctmDiff(c.want, e); diff != "" {
			t.Errorf("%v (-want +got):\n%s", c.args, diff)
		}
		if got := string(e.AppendSave(nil)); got != c.save {
			t.Errorf("%v: save %q, want %q", c.args, got, c.save)
		}
	}
	for _, args := range [][]string{
		{"--save-mark", "--restore-mark"}, {"--mask", "1", "--ctmask", "2", "--save-mark"},
		{"--ctmask", "1"}, {"--save-mark", "--left-shift-mark", "33"},
	} {
		if _, err := ctmBuild(t, xt.KindTarget, "CONNMARK", args...); err == nil {
			t.Errorf("%v built, want an error", args)
		}
	}
}

func FuzzDecodeConnMarkTarget(f *testing.F) {
	ctmAddRevSeeds(f, "target", "CONNMARK")
	f.Add(uint8(2), []byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "CONNMARK", rev%3, data)
	})
}
