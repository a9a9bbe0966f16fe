package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestDscpConformance(t *testing.T) {
	runConformance(t, 9, "libxt_dscp.t")
}

func FuzzDecodeDscp(f *testing.F) {
	addSeeds(f, 0, make([]byte, 2), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "dscp", 0)
}
