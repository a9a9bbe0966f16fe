package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTOSTargetConformance(t *testing.T) {
	runConformance(t, 11, "libxt_TOS.t")
}

func FuzzDecodeTOSTarget(f *testing.F) {
	addSeeds(f, 1, make([]byte, 2), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "TOS", 1)
}
