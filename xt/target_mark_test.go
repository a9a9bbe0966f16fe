package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestMarkTargetConformance(t *testing.T) {
	runConformance(t, 6, "libxt_MARK.t")
}

func TestMarkTargetOps(t *testing.T) {
	checkBuilds(t, xt.KindTarget, "MARK", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--set-mark", "1"}, &xt.SetMark{Mark: 1, Mask: 0xffffffff}, " --set-xmark 0x1/0xffffffff"},
		{[]string{"--set-mark", "0x10/0x30"}, &xt.SetMark{Mark: 0x10, Mask: 0x30}, " --set-xmark 0x10/0x30"},
		{[]string{"--set-mark", "0x10/0x0f"}, &xt.SetMark{Mark: 0x10, Mask: 0x1f}, " --set-xmark 0x10/0x1f"},
		{[]string{"--and-mark", "0xff"}, &xt.SetMark{Mask: 0xffffff00}, " --set-xmark 0x0/0xffffff00"},
		{[]string{"--or-mark", "0x4"}, &xt.SetMark{Mark: 4, Mask: 4}, " --set-xmark 0x4/0x4"},
		{[]string{"--xor-mark", "0x4"}, &xt.SetMark{Mark: 4}, " --set-xmark 0x4/0x0"},
		{[]string{"--set-mark", "1", "--and-mark", "2"}, nil, ""},
		{[]string{"--set-mark", "1/"}, nil, ""},
		{[]string{"--set-mark", "1x"}, nil, ""},
		{[]string{"--and-mark", "1/2"}, nil, ""},
	})
}

func TestMarkTargetOldRevisions(t *testing.T) {
	for _, c := range []struct {
		rev  uint8
		args []string
		save string
	}{
		{0, []string{"--set-mark", "5"}, " --set-mark 0x5"},
		{1, []string{"--and-mark", "0x20"}, " --and-mark 0x20"},
		{1, []string{"--or-mark", "7"}, " --or-mark 0x7"},
	} {
		e, err := parseExt(t, xt.KindTarget, "MARK", ruleCtx("mangle", "", 0, c.rev), c.args...)
		if err != nil {
			t.Fatalf("rev %d %v: %v", c.rev, c.args, err)
		}
		if e.Revision() != c.rev || string(e.AppendSave(nil)) != c.save {
			t.Errorf("rev %d %v: got rev %d save %q", c.rev, c.args, e.Revision(), e.AppendSave(nil))
		}
		if diff := diffExt(e, roundTrip(t, e)); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

func FuzzDecodeMarkTarget(f *testing.F) {
	addSeeds(f, 2, []byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	addSeeds(f, 1, []byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "MARK", 0, 1, 2)
}
