package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestHelperConformance(t *testing.T) {
	runConformance(t, 2, "libxt_helper.t")
}

func TestHelperBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "helper", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--helper", "sip"}, &xt.Helper{Helper: "sip"}, " --helper sip"},
		{[]string{"!", "--helper", "a'b"}, &xt.Helper{Invert: true, Helper: "a'b"}, ` ! --helper "a\'b"`},
		{[]string{"--helper", "abcdefghijklmnopqrstuvwxyz0123456789"}, &xt.Helper{Helper: "abcdefghijklmnopqrstuvwxyz012"},
			" --helper abcdefghijklmnopqrstuvwxyz012"},
	})
}

func TestHelperErrors(t *testing.T) {
	checkInvalid(t, "helper", 0, []string{}, []string{"--helper", "a", "--helper", "b"})
}

func TestHelperPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Helper{Helper: "ftp"}, numeric: ` helper match "ftp"`},
		{ext: &xt.Helper{Invert: true, Helper: "ftp"}, numeric: ` helper match ! "ftp"`},
	})
}

func FuzzDecodeHelper(f *testing.F) {
	addSeeds(f, 0, make([]byte, 40))
	fuzzDecode(f, xt.KindMatch, "helper", 0)
}
