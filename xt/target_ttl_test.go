package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTTLTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libipt_TTL.t"))
}

func FuzzDecodeTTLTarget(f *testing.F) {
	ctmAddSeeds(f, "target", "TTL")
	f.Add(make([]byte, 2))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "TTL", 0, data)
	})
}
