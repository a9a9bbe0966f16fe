package xt_test

import (
	"bytes"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestIdleTimerConformance(t *testing.T) {
	runConformance(t, 4, "libxt_IDLETIMER.t")
}

func TestIdleTimerBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	checkBuilds(t, xt.KindTarget, "IDLETIMER", ctx, []buildCase{
		{[]string{"--timeout", "1", "--label", "x"}, &xt.IdleTimer{Rev: 1, Timeout: 1, Label: "x"}, " --timeout 1 --label x"},
		{[]string{"--alarm", "--label=a b", "--timeout=010"}, &xt.IdleTimer{Rev: 1, Timeout: 8, Label: "a b", Alarm: true},
			" --timeout 8 --label a b --alarm"},
		{[]string{"--timeout", "2147482", "--label", "0123456789abcdef0123456789abcdef"},
			&xt.IdleTimer{Rev: 1, Timeout: 2147482, Label: "0123456789abcdef0123456789a"}, " --timeout 2147482 --label 0123456789abcdef0123456789a"},
	})
	ctx0 := ruleCtx("filter", "INPUT", 0, 0)
	checkBuilds(t, xt.KindTarget, "IDLETIMER", ctx0, []buildCase{
		{[]string{"--timeout", "5", "--label", "foo"}, &xt.IdleTimer{Timeout: 5, Label: "foo"}, " --timeout 5 --label foo"},
	})
	checkTargetInvalid(t, "IDLETIMER", ctx0, []string{"--timeout", "5", "--label", "foo", "--alarm"})
	checkTargetInvalid(t, "IDLETIMER", ctx,
		nil, []string{"--timeout", "5"}, []string{"--label", "x"},
		[]string{"--timeout", "0", "--label", "x"}, []string{"--timeout", "2147483", "--label", "x"},
		[]string{"--timeout", "-1", "--label", "x"}, []string{"--timeout", "4294967296", "--label", "x"},
		[]string{"--timeout", "5", "--label", ""}, []string{"--timeout", "5", "--label", "a/b"},
		[]string{"--timeout", "5", "--label", "uevent"}, []string{"--timeout", "5", "--label", ".."},
		[]string{"--timeout", "5", "--label", "x", "--alarm", "--alarm"})
}

func TestIdleTimerDecode(t *testing.T) {
	v1 := make([]byte, 48)
	v1[0], v1[4], v1[33] = 42, 'a', 1
	if d := diffExt(&xt.IdleTimer{Rev: 1, Timeout: 42, Label: "a", Alarm: true}, decode(xt.KindTarget, "IDLETIMER", 1, v1)); d != "" {
		t.Errorf("decode (-want +got):\n%s", d)
	}
	v0 := v1[:40]
	v0[33] = 0
	if d := diffExt(&xt.IdleTimer{Timeout: 42, Label: "a"}, decode(xt.KindTarget, "IDLETIMER", 0, v0)); d != "" {
		t.Errorf("decode (-want +got):\n%s", d)
	}
	nl := bytes.Clone(v1)
	nl[32] = 1
	typ := bytes.Clone(v1)
	typ[33] = 2
	ptr := bytes.Clone(v1)
	ptr[40] = 1
	noNUL := bytes.Clone(v1)
	copy(noNUL[4:32], bytes.Repeat([]byte{'a'}, 28))
	checkTargetDecodeUnknown(t, "IDLETIMER", 1, nl, typ, ptr, noNUL)
	if _, err := (&xt.IdleTimer{Alarm: true, Label: "x"}).AppendBinary(nil); err == nil {
		t.Error("a revision 0 alarm timer encodes")
	}
}

func TestIdleTimerPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.IdleTimer{Rev: 1, Timeout: 42, Label: "foo"}, numeric: " timeout:42 label:foo"},
		{ext: &xt.IdleTimer{Rev: 1, Timeout: 42, Label: "bar", Alarm: true}, numeric: " timeout:42 label:bar alarm"},
	})
}

func FuzzDecodeIdleTimer(f *testing.F) {
	p := make([]byte, 48)
	p[0], p[4] = 1, 'x'
	addSeeds(f, 0, p[:40])
	addSeeds(f, 1, p)
	fuzzDecode(f, xt.KindTarget, "IDLETIMER", 0, 1)
}
