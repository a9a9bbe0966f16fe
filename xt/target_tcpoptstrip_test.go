package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTCPOptStripConformance(t *testing.T) {
	runConformance(t, 6, "libxt_TCPOPTSTRIP.t")
}

func tcpOptSet(kinds ...uint8) xt.TCPOptionSet {
	var s xt.TCPOptionSet
	for _, k := range kinds {
		s.Add(k)
	}
	return s
}

func TestTCPOptStripBuild(t *testing.T) {
	ctx := ruleCtx("mangle", "FORWARD", 6)
	checkBuilds(t, xt.KindTarget, "TCPOPTSTRIP", ctx, []buildCase{
		{nil, &xt.TCPOptStrip{}, ""},
		{[]string{"--strip-options", "md5,timestamp"}, &xt.TCPOptStrip{Strip: tcpOptSet(8, 19)}, " --strip-options 8,19"},
		{[]string{"--strip-options", "0xff,2"}, &xt.TCPOptStrip{Strip: tcpOptSet(2, 255)}, " --strip-options 2,255"},
		{[]string{"--strip-options", "0"}, nil, ""},
		{[]string{"--strip-options", "MSS"}, nil, ""},
		{[]string{"--strip-options", ""}, nil, ""},
		{[]string{"--strip-options", "3,wscale"}, nil, ""},
		{[]string{"--strip-options", "-2"}, nil, ""},
	})
	checkTargetInvalid(t, "TCPOPTSTRIP", ctx, optValues("--strip-options", "1", ",2", "2,,3", "x")...)
	checkTargetInvalid(t, "TCPOPTSTRIP", ctx, []string{"--strip-options", "2", "--strip-options", "3"})
	// The kernel wants -p tcp and the mangle table.
	checkTargetInvalid(t, "TCPOPTSTRIP", ruleCtx("mangle", "FORWARD", 17), []string{"--strip-options", "2"})
	checkTargetInvalid(t, "TCPOPTSTRIP", ruleCtx("filter", "FORWARD", 6), []string{"--strip-options", "2"})
}

func TestTCPOptStripPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.TCPOptStrip{}, numeric: ""},
		{ext: &xt.TCPOptStrip{Strip: tcpOptSet(2, 3, 4, 5, 6, 7)},
			numeric: " TCPOPTSTRIP options 2,3,4,5,6,7", names: " TCPOPTSTRIP options mss,wscale,sack-permitted,sack,6,7"},
		{ext: &xt.TCPOptStrip{Strip: tcpOptSet(8, 19, 255)},
			numeric: " TCPOPTSTRIP options 8,19,255", names: " TCPOPTSTRIP options timestamp,md5,255"},
	})
}

func FuzzDecodeTCPOptStrip(f *testing.F) {
	addSeeds(f, 0, make([]byte, 32), []byte{0xfc, 0, 0, 0, 1})
	fuzzDecode(f, xt.KindTarget, "TCPOPTSTRIP", 0)
}
