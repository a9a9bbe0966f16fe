package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libipt_ECN.t: every line passes.
func TestECNTargetConformance(t *testing.T) {
	runConformance(t, 3, "libipt_ECN.t")
}

func TestECNTargetBuild(t *testing.T) {
	ctx := ruleCtx("mangle", "POSTROUTING", 6)
	checkBuilds(t, xt.KindTarget, "ECN", ctx, []buildCase{
		{[]string{"--ecn-tcp-remove"}, &xt.SetECN{Op: xt.ECNRemove}, " --ecn-tcp-remove"},
		{[]string{"--ecn-tcp-cwr", "1", "--ecn-ip-ect", "2"}, &xt.SetECN{Op: xt.ECNSetCWR | xt.ECNSetIP, CWR: true, IPECT: 2},
			" --ecn-tcp-cwr 1 --ecn-ip-ect 2"},
		{[]string{"--ecn-tcp-ece", "1", "--ecn-tcp-cwr", "0"}, &xt.SetECN{Op: xt.ECNRemove, ECE: true},
			" --ecn-tcp-ece 1 --ecn-tcp-cwr 0"},
		{[]string{"--ecn-tcp-ece", "0", "--ecn-tcp-cwr", "0"}, &xt.SetECN{Op: xt.ECNRemove}, " --ecn-tcp-remove"},
		// --ecn-tcp-remove drops the operations given before it, not the value.
		{[]string{"--ecn-ip-ect", "1", "--ecn-tcp-remove"}, &xt.SetECN{Op: xt.ECNRemove, IPECT: 1}, " --ecn-tcp-remove"},
		{[]string{"--ecn-tcp-remove", "--ecn-ip-ect", "1"}, &xt.SetECN{Op: xt.ECNRemove | xt.ECNSetIP, IPECT: 1},
			" --ecn-tcp-ece 0 --ecn-tcp-cwr 0 --ecn-ip-ect 1"},
		{[]string{"--ecn-ip-ect", "0x2"}, &xt.SetECN{Op: xt.ECNSetIP, IPECT: 2}, " --ecn-ip-ect 2"},
		{[]string{"--ecn-tcp-remove", "--ecn-tcp-cwr", "1"}, nil, ""},
		{[]string{"--ecn-tcp-ece", "1", "--ecn-tcp-remove"}, nil, ""},
		{[]string{"--ecn-tcp-cwr", "2"}, nil, ""},
		{[]string{"--ecn-ip-ect", "4"}, nil, ""},
		{[]string{"--ecn-tcp-remove", "--ecn-tcp-remove"}, nil, ""},
		{nil, nil, ""},
	})
	// Only the TCP operations need -p tcp; the table must be mangle.
	checkBuild(t, xt.KindTarget, "ECN", ruleCtx("mangle", "OUTPUT", 0), []string{"--ecn-ip-ect", "3"}, &xt.SetECN{Op: xt.ECNSetIP, IPECT: 3})
	checkBuild(t, xt.KindTarget, "ECN", ruleCtx("mangle", "OUTPUT", 0), []string{"--ecn-tcp-ece", "0"}, nil)
	checkBuild(t, xt.KindTarget, "ECN", ruleCtx("mangle", "OUTPUT", 17), []string{"--ecn-tcp-remove"}, nil)
	checkBuild(t, xt.KindTarget, "ECN", ruleCtx("filter", "OUTPUT", 6), []string{"--ecn-tcp-remove"}, nil)
	inv := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: "OUTPUT", Proto: 6, InvProto: true}
	checkBuild(t, xt.KindTarget, "ECN", inv, []string{"--ecn-tcp-remove"}, nil)
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "ECN")
	for _, e := range []*xt.SetECN{{Op: 0x02}, {Op: xt.ECNSetIP, IPECT: 4}} {
		if err := spec.CheckKernel(ctx, e); err == nil {
			t.Errorf("%+v accepted", e)
		}
	}
	if got := (xt.ECNRemove | xt.ECNSetIP | 0x80).String(); got != "ip|ece|cwr|0x80" {
		t.Errorf("String() = %q", got)
	}
}

func TestECNTargetInvalid(t *testing.T) {
	checkTargetInvalid(t, "ECN", ruleCtx("mangle", "POSTROUTING", 6),
		nil, []string{"--ecn-tcp-cwr", "2"}, []string{"--ecn-ip-ect", "-1"},
		[]string{"--ecn-tcp-remove", "--ecn-tcp-ece", "0"})
	checkTargetInvalid(t, "ECN", ruleCtx("mangle", "POSTROUTING", 0), []string{"--ecn-tcp-remove"})
}

func TestECNTargetPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.SetECN{Op: xt.ECNRemove}, numeric: " ECN TCP remove"},
		{ext: &xt.SetECN{Op: xt.ECNSetCWR | xt.ECNSetIP, CWR: true, IPECT: 2}, numeric: " ECN CWR=1 ECT codepoint=2"},
		{ext: &xt.SetECN{Op: xt.ECNSetECE}, numeric: " ECN ECE=0"},
		{ext: &xt.SetECN{}, numeric: " ECN"},
	})
}

func FuzzDecodeECNTarget(f *testing.F) {
	addSeeds(f, 0, []byte{0x30, 0, 0}, []byte{0x31, 3, 3, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "ECN", 0)
}
