package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts "--espspi 4:3"; 1.8.11's
// xtopt_parse_mint refuses a second number below the first, and its
// esp_save keeps "! --espspi 0:4294967295", which 1.8.9 drops. We follow
// 1.8.11.
func TestESPConformance(t *testing.T) {
	runConformance(t, 14, "libxt_esp.t")
}

func TestESPBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "esp", ruleCtx("filter", "INPUT", 50), []buildCase{
		{nil, &xt.ESP{SPIs: xt.AnySPI()}, ""},
		{[]string{"--espspi", "5"}, &xt.ESP{SPIs: xt.SPIRange{Min: 5, Max: 5}}, " --espspi 5"},
		{[]string{"!", "--espspi", "0x10:020"}, &xt.ESP{SPIs: xt.SPIRange{Min: 16, Max: 16}, Invert: true}, " ! --espspi 16"},
		{[]string{"!", "--espspi", ":"}, &xt.ESP{SPIs: xt.AnySPI(), Invert: true}, " ! --espspi 0:4294967295"},
		{[]string{"--espspi", "4:"}, &xt.ESP{SPIs: xt.SPIRange{Min: 4, Max: 0xffffffff}}, " --espspi 4:4294967295"},
		{[]string{"--espspi", ""}, &xt.ESP{}, " --espspi 0"},
	})
}

func TestESPErrors(t *testing.T) {
	checkInvalid(t, "esp", 50, optValues("--espspi", "4:3", "-1", "4294967296", "1:2:3", "x", "1x")...)
	checkRefused(t, "esp", 0, "--espspi", "1") // no -p esp
}

func TestIPsecPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.ESP{SPIs: xt.AnySPI()}, numeric: " esp"},
		{ext: &xt.ESP{SPIs: xt.SPIRange{Min: 5, Max: 5}, Invert: true}, numeric: " esp spi:!5"},
		{ext: &xt.ESP{SPIs: xt.SPIRange{Min: 1, Max: 9}}, numeric: " esp spis:1:9"},
		{ext: &xt.AH{SPIs: xt.AnySPI()}, numeric: " ah "},
		{ext: &xt.AH{SPIs: xt.SPIRange{Min: 3, Max: 4}, Invert: true}, numeric: " ah spis:!3:4"},
		{ext: &xt.IPComp{Reserved: true}, numeric: " comp spi:0 reserved"},
		{ext: &xt.IPComp{SPIs: xt.AnySPI()}, numeric: " comp "},
		{ext: &xt.IPComp{SPIs: xt.AnySPI(), Invert: true}, numeric: " comp spis:!0:4294967295"},
	})
}

func FuzzDecodeESP(f *testing.F) {
	addSeeds(f, 0,
		[]byte{5, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0},
		[]byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "esp", 0)
}
