package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_CLASSIFY.t: its two lines iptables should refuse but accepts
// ("0000:ffffffff" and "1:-1": the numbers are cut to 16 bits) are
// commented out there; nfkit accepts them too, as the golden fixtures
// show.
func TestClassifyConformance(t *testing.T) {
	runConformance(t, 2, "libxt_CLASSIFY.t")
}

func TestClassifyBuild(t *testing.T) {
	ctx := ruleCtx("mangle", "POSTROUTING", 0)
	checkBuilds(t, xt.KindTarget, "CLASSIFY", ctx, []buildCase{
		{[]string{"--set-class", "1:2"}, &xt.Classify{Priority: 0x10002}, " --set-class 0001:0002"},
		{[]string{"--set-class", "0x10:0X20"}, &xt.Classify{Priority: 0x100020}, " --set-class 0010:0020"},
		{[]string{"--set-class", "12345:1ffff"}, &xt.Classify{Priority: 0x2345ffff}, " --set-class 2345:ffff"},
		{[]string{"--set-class", "1:-1"}, &xt.Classify{Priority: 0x1ffff}, " --set-class 0001:ffff"},
		{[]string{"--set-class", " +1: 2xyz"}, &xt.Classify{Priority: 0x10002}, " --set-class 0001:0002"},
		{[]string{"--set-class", "0:fffffffffffffffff"}, &xt.Classify{Priority: 0xffff}, " --set-class 0000:ffff"},
		{[]string{"--set-class", "1"}, nil, ""},
		{[]string{"--set-class", "1 :2"}, nil, ""},
		{[]string{"--set-class", "x:1"}, nil, ""},
		{[]string{"--set-class", "1:"}, nil, ""},
		{[]string{"--set-class", "1:2", "--set-class", "1:2"}, nil, ""},
		{[]string{"!", "--set-class", "1:2"}, nil, ""},
		{nil, nil, ""},
	})
	for _, chain := range []string{"PREROUTING", "INPUT"} {
		checkBuild(t, xt.KindTarget, "CLASSIFY", ruleCtx("mangle", chain, 0), []string{"--set-class", "1:2"}, nil)
	}
	checkBuild(t, xt.KindTarget, "CLASSIFY", ruleCtx("filter", "OUTPUT", 0), []string{"--set-class", "1:2"}, &xt.Classify{Priority: 0x10002})
}

func TestClassifyInvalid(t *testing.T) {
	checkTargetInvalid(t, "CLASSIFY", ruleCtx("mangle", "POSTROUTING", 0),
		[]string{"--set-class", "1"}, []string{"--set-class", ":1"}, nil, []string{"--set-clas"},
		[]string{"--set-class", "1:1", "--set-class", "1:1"})
	checkTargetInvalid(t, "CLASSIFY", ruleCtx("mangle", "PREROUTING", 0), []string{"--set-class", "1:1"})
}

func TestClassifyPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Classify{Priority: 0x10002}, numeric: " CLASSIFY set 1:2"},
		{ext: &xt.Classify{Priority: 0xffffffff}, numeric: " CLASSIFY set ffff:ffff"},
		{ext: &xt.Classify{}, numeric: " CLASSIFY set 0:0"},
	})
}

func FuzzDecodeClassify(f *testing.F) {
	addSeeds(f, 0, make([]byte, 4), []byte{1, 0, 2, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "CLASSIFY", 0)
}
