package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTTLTargetConformance(t *testing.T) {
	runConformance(t, 8, "libipt_TTL.t")
}

func FuzzDecodeTTLTarget(f *testing.F) {
	addSeeds(f, 0, make([]byte, 2), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "TTL", 0)
}
