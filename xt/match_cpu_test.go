package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestCPUConformance(t *testing.T) {
	runConformance(t, 5, "libxt_cpu.t")
}

func TestCPUBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "cpu", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--cpu", "0"}, &xt.CPU{}, " --cpu 0"},
		{[]string{"!", "--cpu", "0x10"}, &xt.CPU{CPU: 16, Invert: true}, " ! --cpu 16"},
		{[]string{"--cpu", "4294967295"}, &xt.CPU{CPU: 4294967295}, " --cpu 4294967295"},
	})
}

func TestCPUErrors(t *testing.T) {
	checkInvalid(t, "cpu", 0, append(optValues("--cpu", "4294967296", "-1", "1x", ""), []string{})...)
}

func TestCPUPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.CPU{CPU: 3, Invert: true}, numeric: " cpu ! 3"},
		{ext: &xt.CPU{CPU: 0}, numeric: " cpu 0"},
	})
}

func FuzzDecodeCPU(f *testing.F) {
	addSeeds(f, 0, []byte{3, 0, 0, 0, 1, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "cpu", 0)
}
