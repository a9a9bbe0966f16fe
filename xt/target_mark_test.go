package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestMarkTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_MARK.t"))
}

func TestMarkTargetOps(t *testing.T) {
	for _, c := range []struct {
		args []string
		want xt.Extension
		save string
	}{
		{[]string{"--set-mark", "1"}, &xt.SetMark{Mark: 1, Mask: 0xffffffff}, " --set-xmark 0x1/0xffffffff"},
		{[]string{"--set-mark", "0x10/0x30"}, &xt.SetMark{Mark: 0x10, Mask: 0x30}, " --set-xmark 0x10/0x30"},
		{[]string{"--set-mark", "0x10/0x0f"}, &xt.SetMark{Mark: 0x10, Mask: 0x1f}, " --set-xmark 0x10/0x1f"},
		{[]string{"--and-mark", "0xff"}, &xt.SetMark{Mask: 0xffffff00}, " --set-xmark 0x0/0xffffff00"},
		{[]string{"--or-mark", "0x4"}, &xt.SetMark{Mark: 4, Mask: 4}, " --set-xmark 0x4/0x4"},
		{[]string{"--xor-mark", "0x4"}, &xt.SetMark{Mark: 4}, " --set-xmark 0x4/0x0"},
	} {
		e, err := ctmBuild(t, xt.KindTarget, "MARK", c.args...)
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
		{"--set-mark", "1", "--and-mark", "2"}, {"--set-mark", "1/"}, {"--set-mark", "1x"}, {"--and-mark", "1/2"},
	} {
		if _, err := ctmBuild(t, xt.KindTarget, "MARK", args...); err == nil {
			t.Errorf("%v built, want an error", args)
		}
	}
}

func TestMarkTargetOldRevisions(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "MARK")
	for _, c := range []struct {
		rev  uint8
		args []string
		save string
	}{
		{0, []string{"--set-mark", "5"}, " --set-mark 0x5"},
		{1, []string{"--and-mark", "0x20"}, " --and-mark 0x20"},
		{1, []string{"--or-mark", "7"}, " --or-mark 0x7"},
	} {
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle",
			Supported: func(k xt.Kind, n string, r uint8) bool { return r <= c.rev }}
		e, err := xt.ParseArgs(spec, ctx, c.args)
		if err != nil {
			t.Fatalf("rev %d %v: %v", c.rev, c.args, err)
		}
		if e.Revision() != c.rev || string(e.AppendSave(nil)) != c.save {
			t.Errorf("rev %d %v: got rev %d save %q", c.rev, c.args, e.Revision(), e.AppendSave(nil))
		}
		enc, _ := e.AppendBinary(nil)
		if diff := ctmDiff(e, xt.DecodeTarget(xt.FamilyIPv4, "MARK", c.rev, enc)); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

func FuzzDecodeMarkTarget(f *testing.F) {
	ctmAddRevSeeds(f, "target", "MARK")
	f.Add(uint8(2), []byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Add(uint8(1), []byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "MARK", rev%3, data)
	})
}
