package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestConnSecMarkConformance(t *testing.T) {
	runConformance(t, 3, "libxt_CONNSECMARK.t")
}

func TestConnSecMarkBuild(t *testing.T) {
	ctx := ruleCtx("security", "FORWARD", 0)
	checkBuilds(t, xt.KindTarget, "CONNSECMARK", ctx, []buildCase{
		{[]string{"--save"}, &xt.ConnSecMark{Mode: xt.ConnSecMarkSave}, " --save"},
		{[]string{"--rest"}, &xt.ConnSecMark{Mode: xt.ConnSecMarkRestore}, " --restore"},
	})
	checkTargetInvalid(t, "CONNSECMARK", ctx, nil, []string{"--save", "--restore"}, []string{"--restore", "--restore"},
		[]string{"--save=1"}, []string{"!", "--save"})
	checkTargetInvalid(t, "CONNSECMARK", ruleCtx("filter", "INPUT", 0), []string{"--save"})
	checkTargetDecodeUnknown(t, "CONNSECMARK", 0, make([]byte, 8), []byte{3, 0, 0, 0, 0, 0, 0, 0})
	if _, err := (&xt.ConnSecMark{}).AppendBinary(nil); err == nil {
		t.Error("mode 0 encodes")
	}
	if s := xt.ConnSecMarkMode(9).String(); s != "mode(9)" {
		t.Errorf("String() = %q", s)
	}
}

func TestConnSecMarkPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.ConnSecMark{Mode: xt.ConnSecMarkSave}, numeric: " CONNSECMARK save"},
		{ext: &xt.ConnSecMark{Mode: xt.ConnSecMarkRestore}, numeric: " CONNSECMARK restore"},
	})
}

func FuzzDecodeConnSecMark(f *testing.F) {
	addSeeds(f, 0, []byte{1, 0, 0, 0, 0, 0, 0, 0}, []byte{2})
	fuzzDecode(f, xt.KindTarget, "CONNSECMARK", 0)
}
