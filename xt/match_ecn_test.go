package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestECNConformance(t *testing.T) {
	runConformance(t, 4, "libxt_ecn.t")
}

func TestECNBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "ecn", ruleCtx("filter", "INPUT", 6), []buildCase{
		{[]string{"--ecn-tcp-cwr"}, &xt.ECN{Ops: xt.ECNMatchCWR}, " --ecn-tcp-cwr"},
		{[]string{"!", "--ecn-ip-ect", "0x3", "!", "--ecn-tcp-ece"},
			&xt.ECN{Ops: xt.ECNMatchIP | xt.ECNMatchECE, Invert: xt.ECNMatchIP | xt.ECNMatchECE, IPECT: 3},
			" ! --ecn-tcp-ece ! --ecn-ip-ect 3"},
	})
	checkBuildSave(t, xt.KindMatch, "ecn", ruleCtx("filter", "INPUT", 0), []string{"--ecn-ip-ect", "0"},
		&xt.ECN{Ops: xt.ECNMatchIP}, " --ecn-ip-ect 0")
}

func TestECNErrors(t *testing.T) {
	checkInvalid(t, "ecn", 6,
		[]string{},
		[]string{"--ecn-ip-ect", "4"},
		[]string{"--ecn-ip-ect", "-1"},
		[]string{"--ecn-tcp-cwr", "--ecn-tcp-cwr"},
	)
	checkRefused(t, "ecn", 17, "--ecn-tcp-ece") // TCP bits in a -p udp rule
	if _, err := parseExt(t, xt.KindMatch, "ecn", &xt.Context{Family: xt.FamilyIPv4, Table: "filter", Proto: 6, InvProto: true},
		"--ecn-tcp-cwr"); err == nil {
		t.Error("ecn --ecn-tcp-cwr in a ! -p tcp rule: built")
	}
}

func TestECNPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.ECN{}, numeric: " ECN match"},
		{ext: &xt.ECN{Ops: xt.ECNMatchIP | xt.ECNMatchECE | xt.ECNMatchCWR, Invert: xt.ECNMatchCWR | xt.ECNMatchIP, IPECT: 2},
			numeric: " ECN match ECE !CWR !ECT=2"},
	})
}

func FuzzDecodeECN(f *testing.F) {
	addSeeds(f, 0, []byte{0x31, 0x20, 2, 0, 0, 0, 0, 0}, []byte{0x02, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "ecn", 0)
}
