package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTTLConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libipt_ttl.t"))
}

func FuzzDecodeTTL(f *testing.F) {
	ctmAddSeeds(f, "match", "ttl")
	f.Add(make([]byte, 2))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "ttl", 0, data)
	})
}
