package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts "--ipcompspi 4:3";
// 1.8.11's xtopt_parse_mint refuses it, and 1.8.11's comp_save keeps
// "! --ipcompspi 0:4294967295", which 1.8.9 drops. We follow 1.8.11.
func TestIPCompConformance(t *testing.T) {
	runConformance(t, 9, "libxt_ipcomp.t")
}

func TestIPCompBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "ipcomp", ruleCtx("filter", "INPUT", 108), []buildCase{
		// iptables leaves the range at 0:0 without --ipcompspi.
		{nil, &xt.IPComp{}, " --ipcompspi 0"},
		{[]string{"--compres"}, &xt.IPComp{Reserved: true}, " --ipcompspi 0 --compres"},
		{[]string{"!", "--ipcompspi", "18:0x20", "--compres"}, &xt.IPComp{SPIs: xt.SPIRange{Min: 18, Max: 32}, Invert: true, Reserved: true},
			" ! --ipcompspi 18:32 --compres"},
		{[]string{"--ipcompspi", ":"}, &xt.IPComp{SPIs: xt.AnySPI()}, ""},
	})
}

func TestIPCompErrors(t *testing.T) {
	checkInvalid(t, "ipcomp", 108,
		[]string{"--ipcompspi", "4:3"},
		[]string{"--ipcompspi", "1:2:3"},
		[]string{"!", "--compres"},
		[]string{"--compres", "--compres"},
	)
	checkRefused(t, "ipcomp", 0, "--ipcompspi", "1")
}

func FuzzDecodeIPComp(f *testing.F) {
	addSeeds(f, 0,
		[]byte{18, 0, 0, 0, 32, 0, 0, 0, 1, 1, 0, 0},
		[]byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 2, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "ipcomp", 0)
}
