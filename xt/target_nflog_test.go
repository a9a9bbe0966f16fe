package xt_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The --nflog-range lines are LEGACY-scoped: they hold as written for us.
func TestNFLogConformance(t *testing.T) {
	runConformance(t, 19, "libxt_NFLOG.t")
}

func TestNFLogBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.NFLog
	}{
		{nil, &xt.NFLog{}},
		{[]string{"--nflog-size", "0"}, &xt.NFLog{Flags: xt.NFLogCopyLen}},
		{[]string{"--nflog-range", "0x10"}, &xt.NFLog{Len: 16}},
		{[]string{"--nflog-prefix", strings.Repeat("y", 70)}, &xt.NFLog{Prefix: strings.Repeat("y", 63)}},
		{[]string{"--nflog-group", "3", "--nflog-threshold", "7"}, &xt.NFLog{Group: 3, Threshold: 7}},
		{[]string{"--nflog-size", "1", "--nflog-range", "1"}, nil},
		{[]string{"--nflog-prefix", "a\nb"}, nil},
	}
	for _, tt := range tests {
		checkBuild(t, xt.KindTarget, "NFLOG", ruleCtx("filter", "INPUT", 0, 0), tt.args, tt.want)
	}
}

func FuzzDecodeNFLog(f *testing.F) { fuzzDecode(f, xt.KindTarget, "NFLOG") }
