package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts "--ahspi 4:3"; 1.8.11's
// xtopt_parse_mint refuses a second number below the first, and its
// ah_save keeps "! --ahspi 0:4294967295", which 1.8.9 drops. We follow
// 1.8.11.
func TestAHConformance(t *testing.T) {
	runConformance(t, 18, "libipt_ah.t")
}

func TestAHBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "ah", ruleCtx("filter", "INPUT", 51), []buildCase{
		{nil, &xt.AH{SPIs: xt.AnySPI()}, ""},
		{[]string{"!", "--ahspi", "0"}, &xt.AH{Invert: true}, " ! --ahspi 0"},
		{[]string{"--ahspi", ":3"}, &xt.AH{SPIs: xt.SPIRange{Max: 3}}, " --ahspi 0:3"},
		{[]string{"--ahspi", "3:3"}, &xt.AH{SPIs: xt.SPIRange{Min: 3, Max: 3}}, " --ahspi 3"},
	})
}

func TestAHErrors(t *testing.T) {
	checkInvalid(t, "ah", 51, optValues("--ahspi", "4:3", "-1", "4294967296", "invalid", "0:invalid")...)
	checkRefused(t, "ah", 50, "--ahspi", "1") // -p esp
}

func FuzzDecodeAH(f *testing.F) {
	addSeeds(f, 0,
		[]byte{5, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0},
		[]byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "ah", 0)
}
