package xt_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nfkit/nfkit/xt"
)

// The --nflog-range lines are LEGACY-scoped: they hold as written for us.
func TestNFLogConformance(t *testing.T) {
	if n := tgtRunT(t, "libxt_NFLOG.t"); n != 19 {
		t.Errorf("%d lines pass, want 19", n)
	}
}

func TestNFLogBuild(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "NFLOG")
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter", Chain: "INPUT"}
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
		got, err := xt.ParseArgs(spec, ctx, tt.args)
		if tt.want == nil {
			if err == nil {
				t.Errorf("%q: built %+v, want an error", tt.args, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(xt.NFLog{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
	}
}

func FuzzDecodeNFLog(f *testing.F) { tgtFuzzDecode(f, xt.FamilyIPv4, "NFLOG", "NFLOG") }
