package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTTLConformance(t *testing.T) {
	runConformance(t, 8, "libipt_ttl.t")
}

func FuzzDecodeTTL(f *testing.F) {
	addSeeds(f, 0, make([]byte, 2), []byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "ttl", 0)
}
