package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The golden fixture TRACE.txt lacks the "target TRACE 0" lines xtcapture
// prints: the payload is empty and loadGolden wants NAME REV HEX. The
// decoding of the empty payload is checked here instead.
func TestTraceConformance(t *testing.T) {
	runConformance(t, 1, "libxt_TRACE.t")
}

func TestTraceBuild(t *testing.T) {
	checkBuildSave(t, xt.KindTarget, "TRACE", ruleCtx("raw", "OUTPUT", 0), nil, &xt.Trace{}, "")
	checkBuild(t, xt.KindTarget, "TRACE", ruleCtx("mangle", "OUTPUT", 0), nil, nil)
	if _, err := parseExt(t, xt.KindTarget, "TRACE", ruleCtx("raw", "OUTPUT", 0), "--foo"); err == nil {
		t.Error("TRACE --foo built")
	}
	if v := xt.DecodeTarget(xt.FamilyIPv4, "TRACE", 0, nil); diffExt(xt.Extension(&xt.Trace{}), v) != "" {
		t.Errorf("decode of the empty payload: %#v", v)
	}
	checkPrint(t, []printCase{{ext: &xt.Trace{}, numeric: ""}})
}

func TestTraceInvalid(t *testing.T) {
	checkTargetInvalid(t, "TRACE", ruleCtx("filter", "INPUT", 0), nil)
}

func FuzzDecodeTrace(f *testing.F) {
	addSeeds(f, 0, nil, make([]byte, 8))
	fuzzDecode(f, xt.KindTarget, "TRACE", 0)
}
