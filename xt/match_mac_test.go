package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestMACConformance(t *testing.T) {
	runConformance(t, 4, "libxt_mac.t")
}

func TestMACBuild(t *testing.T) {
	tests := []struct {
		arg  string
		want [6]byte
		save string
	}{
		{"42:01:02:03:04:05", [6]byte{0x42, 1, 2, 3, 4, 5}, " --mac-source 42:01:02:03:04:05"},
		{"AA:BB:CC:DD:EE:FF", [6]byte{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}, " --mac-source aa:bb:cc:dd:ee:ff"},
		{"1:2:3:4:5:6", [6]byte{1, 2, 3, 4, 5, 6}, " --mac-source 01:02:03:04:05:06"},
		{" 1:+2:3:4:5:6", [6]byte{1, 2, 3, 4, 5, 6}, " --mac-source 01:02:03:04:05:06"},
		{":::::", [6]byte{}, " --mac-source 00:00:00:00:00:00"},
		{"-1:2:3:4:5:6", [6]byte{0xff, 2, 3, 4, 5, 6}, " --mac-source ff:02:03:04:05:06"},
	}
	for _, tt := range tests {
		checkBuildSave(t, xt.KindMatch, "mac", ruleCtx("filter", "INPUT", 0), []string{"--mac-source", tt.arg}, &xt.MAC{Source: tt.want}, tt.save)
	}
}

func TestMACErrors(t *testing.T) {
	checkInvalid(t, "mac", 0, optValues("--mac-source", "42:01:02:03:04", "42:01:02:03:04:05:06", "42:01:02:03:04:0g",
		"123:01:02:03:04:05", "42-01-02-03-04-05", "0x1:2:3:4:5:6", "  1:2:3:4:5:6", "-:2:3:4:5:6")...)
	checkRefused(t, "mac", 0) // built without --mac-source
	for _, chain := range []string{"OUTPUT", "POSTROUTING"} {
		if _, err := parseExt(t, xt.KindMatch, "mac", ruleCtx("mangle", chain, 0), "--mac-source", "42:01:02:03:04:05"); err == nil {
			t.Errorf("mac built in %s", chain)
		}
	}
}

func FuzzDecodeMAC(f *testing.F) {
	addSeeds(f, 0,
		[]byte{0x42, 1, 2, 3, 4, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
		make([]byte, 16),
	)
	fuzzDecode(f, xt.KindMatch, "mac", 0)
}
