package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestDSCPTargetConformance(t *testing.T) {
	runConformance(t, 9, "libxt_DSCP.t")
}

func FuzzDecodeDSCPTarget(f *testing.F) {
	addSeeds(f, 0, make([]byte, 1), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "DSCP", 0)
}
