package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestChecksumConformance(t *testing.T) {
	runConformance(t, 2, "libxt_CHECKSUM.t")
}

func TestChecksumBuild(t *testing.T) {
	ctx := ruleCtx("mangle", "POSTROUTING", 0)
	checkBuilds(t, xt.KindTarget, "CHECKSUM", ctx, []buildCase{
		{[]string{"--checksum-fill"}, &xt.Checksum{Op: xt.ChecksumFill}, " --checksum-fill"},
		{[]string{"--checksum"}, &xt.Checksum{Op: xt.ChecksumFill}, " --checksum-fill"},
		{nil, nil, ""},
		{[]string{"--checksum-fill", "--checksum-fill"}, nil, ""},
		{[]string{"!", "--checksum-fill"}, nil, ""},
		{[]string{"--checksum-fill=1"}, nil, ""},
	})
	checkBuild(t, xt.KindTarget, "CHECKSUM", ruleCtx("filter", "OUTPUT", 0), []string{"--checksum-fill"}, nil)
}

// The kernel refuses values iptables never builds.
func TestChecksumKernelCheck(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "CHECKSUM")
	ctx := ruleCtx("mangle", "OUTPUT", 0)
	for _, op := range []xt.ChecksumOp{0, 2, 3} {
		if err := spec.CheckKernel(ctx, &xt.Checksum{Op: op}); err == nil {
			t.Errorf("op %v: accepted", op)
		}
	}
	if got := xt.ChecksumOp(3).String(); got != "0x3" {
		t.Errorf("String() = %q", got)
	}
}

func TestChecksumInvalid(t *testing.T) {
	checkTargetInvalid(t, "CHECKSUM", ruleCtx("mangle", "POSTROUTING", 0), nil, []string{"--fill"})
	checkTargetInvalid(t, "CHECKSUM", ruleCtx("nat", "POSTROUTING", 0), []string{"--checksum-fill"})
}

func TestChecksumPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Checksum{Op: xt.ChecksumFill}, numeric: " CHECKSUM fill"},
		{ext: &xt.Checksum{}, numeric: " CHECKSUM"},
	})
}

func FuzzDecodeChecksum(f *testing.F) {
	addSeeds(f, 0, []byte{1}, []byte{0xff, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "CHECKSUM", 0)
}
