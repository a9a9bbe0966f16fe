package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestQuotaConformance(t *testing.T) {
	runConformance(t, 6, "libxt_quota.t")
}

func TestQuotaBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "quota", ruleCtx("filter", "OUTPUT", 0), []buildCase{
		{[]string{"--quota", "010"}, &xt.Quota{Bytes: 8}, " --quota 8"},
		{[]string{"!", "--quota", "0x10"}, &xt.Quota{Invert: true, Bytes: 16}, " ! --quota 16"},
	})
}

func TestQuotaErrors(t *testing.T) {
	checkInvalid(t, "quota", 0, []string{}, []string{"--quota", "-1"}, []string{"--quota", "1k"},
		[]string{"--quota", "18446744073709551616"}, []string{"--quota", "1", "--quota", "2"})
}

func TestQuotaPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Quota{Bytes: 100}, numeric: " quota: 100 bytes"},
		{ext: &xt.Quota{Invert: true}, numeric: " quota: 0 bytes"},
	})
}

func FuzzDecodeQuota(f *testing.F) {
	addSeeds(f, 0, make([]byte, 24))
	fuzzDecode(f, xt.KindMatch, "quota", 0)
}
