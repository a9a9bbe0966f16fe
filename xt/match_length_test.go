package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts "--length 4:3" and saves
// it as is; 1.8.11's xtopt_parse_mint refuses a second number below the
// first (libxt_length.t line 12). We follow 1.8.11.
func TestLengthConformance(t *testing.T) {
	runConformance(t, 12, "libxt_length.t")
}

func TestLengthBuild(t *testing.T) {
	tests := []struct {
		arg  string
		inv  bool
		want *xt.Length
		save string
	}{
		{"1", false, &xt.Length{Min: 1, Max: 1}, " --length 1"},
		{":2", false, &xt.Length{Max: 2}, " --length 0:2"},
		{"4:", false, &xt.Length{Min: 4, Max: 65535}, " --length 4:65535"},
		{":", true, &xt.Length{Max: 65535, Invert: true}, " ! --length 0:65535"},
		{"0x10:020", false, &xt.Length{Min: 16, Max: 16}, " --length 16"},
		{"", false, &xt.Length{}, " --length 0"},
		{" 5", false, &xt.Length{Min: 5, Max: 5}, " --length 5"},
	}
	for _, tt := range tests {
		args := []string{"--length", tt.arg}
		if tt.inv {
			args = append([]string{"!"}, args...)
		}
		checkBuildSave(t, xt.KindMatch, "length", ruleCtx("filter", "INPUT", 0), args, tt.want, tt.save)
	}
}

func TestLengthErrors(t *testing.T) {
	checkInvalid(t, "length", 0, optValues("--length", "0:65536", "-1:65535", "4:3", "1:2:3", "1::", "1x", "0x")...)
	checkRefused(t, "length", 0) // built without --length
}

func FuzzDecodeLength(f *testing.F) {
	addSeeds(f, 0,
		[]byte{0, 0, 0xff, 0xff, 1, 0, 0, 0},
		[]byte{4, 0, 4, 0, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "length", 0)
}
