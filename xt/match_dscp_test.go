package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestDscpConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_dscp.t"))
}

func FuzzDecodeDscp(f *testing.F) {
	ctmAddSeeds(f, "match", "dscp")
	f.Add(make([]byte, 2))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "dscp", 0, data)
	})
}
