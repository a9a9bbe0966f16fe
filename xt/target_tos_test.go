package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTOSTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_TOS.t"))
}

func FuzzDecodeTOSTarget(f *testing.F) {
	ctmAddSeeds(f, "target", "TOS")
	f.Add(make([]byte, 2))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "TOS", 1, data)
	})
}
