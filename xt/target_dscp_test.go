package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestDSCPTargetConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_DSCP.t"))
}

func FuzzDecodeDSCPTarget(f *testing.F) {
	ctmAddSeeds(f, "target", "DSCP")
	f.Add(make([]byte, 1))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindTarget, "DSCP", 0, data)
	})
}
