package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTosConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_tos.t"))
}

func FuzzDecodeTos(f *testing.F) {
	ctmAddSeeds(f, "match", "tos")
	f.Add(make([]byte, 3))
	f.Add([]byte{1, 0x3f, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "tos", 1, data)
	})
}
