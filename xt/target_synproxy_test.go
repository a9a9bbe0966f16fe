package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestSynProxyConformance(t *testing.T) {
	runConformance(t, 2, "libxt_SYNPROXY.t")
}

func TestSynProxyBuild(t *testing.T) {
	ctx := ruleCtx("filter", "FORWARD", 6)
	checkBuilds(t, xt.KindTarget, "SYNPROXY", ctx, []buildCase{
		{nil, &xt.SynProxy{}, ""},
		{[]string{"--mss", "1460", "--ecn", "--sack-perm"}, &xt.SynProxy{Options: xt.SynProxyMSS | xt.SynProxyECN | xt.SynProxySackPerm, MSS: 1460},
			" --sack-perm --mss 1460 --ecn"},
		{[]string{"--wscale", "0x101", "--mss", "65536", "--timestamp"},
			&xt.SynProxy{Options: xt.SynProxyWScale | xt.SynProxyMSS | xt.SynProxyTimestamp, WScale: 1},
			" --timestamp --wscale 1 --mss 0"},
	})
	checkTargetInvalid(t, "SYNPROXY", ctx, []string{"--mss", "-1"}, []string{"--wscale", "x"},
		[]string{"--mss", "1", "--mss", "2"}, []string{"!", "--ecn"})
	// The kernel wants -p tcp, not inverted, in INPUT or FORWARD.
	checkTargetInvalid(t, "SYNPROXY", ruleCtx("filter", "INPUT", 0), nil)
	checkTargetInvalid(t, "SYNPROXY", ruleCtx("filter", "OUTPUT", 6), nil)
	inv := ruleCtx("filter", "INPUT", 6)
	inv.InvProto = true
	checkTargetInvalid(t, "SYNPROXY", inv, nil)
	if s := (xt.SynProxyMSS | xt.SynProxyECN | 0x40).String(); s != "mss,ecn,0x40" {
		t.Errorf("String() = %q", s)
	}
	if s := xt.SynProxyOptions(0).String(); s != "none" {
		t.Errorf("String() = %q", s)
	}
}

func TestSynProxyPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.SynProxy{}, numeric: " SYNPROXY "},
		{ext: &xt.SynProxy{Options: xt.SynProxyMSS | xt.SynProxyWScale | xt.SynProxySackPerm | xt.SynProxyTimestamp | xt.SynProxyECN, WScale: 9, MSS: 1460},
			numeric: " SYNPROXY sack-perm timestamp wscale 9 mss 1460 ecn "},
	})
}

func FuzzDecodeSynProxy(f *testing.F) {
	addSeeds(f, 0, []byte{0x0f, 9, 0xb4, 5, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "SYNPROXY", 0)
}
