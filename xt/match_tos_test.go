package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTosConformance(t *testing.T) {
	runConformance(t, 12, "libxt_tos.t")
}

func FuzzDecodeTos(f *testing.F) {
	addSeeds(f, 1, make([]byte, 3), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "tos", 1)
}
