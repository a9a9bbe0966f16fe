package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: for "--mss 65535:1000" 1.8.9's
// tcpmss_parse reports "invalid range given", while 1.8.11 refuses the
// second number in xtopt_parse_mint already; both fail.
func TestTCPMSSConformance(t *testing.T) {
	runConformance(t, 9, "libxt_tcpmss.t")
}

func TestTCPMSSBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "tcpmss", ruleCtx("filter", "INPUT", 6), []buildCase{
		{[]string{"--mss", "42"}, &xt.TCPMSS{Min: 42, Max: 42}, " --mss 42"},
		{[]string{"--mss", ":"}, &xt.TCPMSS{Max: 65535}, " --mss 0:65535"},
		{[]string{"!", "--mss", "1000:1500"}, &xt.TCPMSS{Min: 1000, Max: 1500, Invert: true}, " ! --mss 1000:1500"},
	})
}

func TestTCPMSSErrors(t *testing.T) {
	checkInvalid(t, "tcpmss", 6, optValues("--mss", "42:65536", "65535:1000", "-1")...)
	checkRefused(t, "tcpmss", 6)                 // built without --mss
	checkRefused(t, "tcpmss", 17, "--mss", "42") // tcpmss built in a -p udp rule
}

func FuzzDecodeTCPMSS(f *testing.F) {
	addSeeds(f, 0,
		[]byte{0x2a, 0, 0x39, 0x30, 0, 0, 0, 0},
		[]byte{0xe8, 0x03, 0xdc, 0x05, 1, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "tcpmss", 0)
}
