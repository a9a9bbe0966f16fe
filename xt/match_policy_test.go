package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Every IPv4 line of both files passes.
func TestPolicyConformance(t *testing.T) {
	runConformance(t, 3, "libipt_policy.t")
	runConformance(t, 4, "libxt_policy.t")
}

func TestPolicyBuild(t *testing.T) {
	ctx := ruleCtx("filter", "FORWARD", 0)
	host := netip.MustParseAddr("10.0.0.1")
	all := netip.MustParseAddr("255.255.255.255")
	want := &xt.Policy{Flags: xt.PolicyIn | xt.PolicyStrict, Len: 2}
	want.Elems[0] = xt.PolicyElem{
		Src: xt.PolicyAddr{Addr: host, Mask: all, PadOnes: true},
		Dst: xt.PolicyAddr{Addr: netip.MustParseAddr("10.0.0.0"), Mask: netip.MustParseAddr("255.0.0.0")},
		SPI: 1, ReqID: 1, Proto: 50, Mode: xt.PolicyTunnel,
		Match:  xt.PolicyFieldSaddr | xt.PolicyFieldDaddr | xt.PolicyFieldProto | xt.PolicyFieldMode | xt.PolicyFieldSPI | xt.PolicyFieldReqID,
		Invert: xt.PolicyFieldSPI,
	}
	want.Elems[1] = xt.PolicyElem{ReqID: 2, Match: xt.PolicyFieldReqID}
	none := &xt.Policy{Flags: xt.PolicyOut | xt.PolicyNone}
	none.Elems[0] = xt.PolicyElem{ReqID: 3, Match: xt.PolicyFieldReqID}
	checkBuilds(t, xt.KindMatch, "policy", ctx, []buildCase{
		{[]string{"--dir", "in", "--strict", "--reqid", "1", "!", "--spi", "1", "--proto", "esp", "--mode", "tunnel",
			"--tunnel-dst", "10.0.0.0/8", "--tunnel-src", "10.0.0.1", "--next", "--reqid", "2"}, want,
			" --dir in --pol ipsec --strict --reqid 1 ! --spi 0x1 --proto esp --mode tunnel --tunnel-dst 10.0.0.0/8 --tunnel-src 10.0.0.1 --next --reqid 2"},
		{[]string{"--dir", "out", "--pol", "none", "--reqid", "3"}, none, " --dir out --pol none"},
		{[]string{"--dir", "in", "--pol", "ipsec"}, &xt.Policy{Flags: xt.PolicyIn, Len: 1}, " --dir in --pol ipsec"},
	})
}

func TestPolicyErrors(t *testing.T) {
	a := func(args ...string) []string { return args }
	checkInvalid(t, "policy", 0,
		a("--pol", "ipsec"),
		a("--dir", "up"),
		a("--dir", "in", "--pol", "other"),
		a("--dir", "in", "--mode", "other"),
		a("--dir", "in", "--proto", "tcp"),
		a("--dir", "in", "--reqid", "1", "--reqid", "2"),
		a("--dir", "in", "--spi", "4294967296"),
		a("--dir", "in", "--reqid", "1", "--next", "--reqid", "2"), // --next needs --strict
		a("--dir", "in", "--strict"),
		a("--dir", "in", "--pol", "none", "--strict"),
		a("--dir", "in", "--tunnel-src", "1.2.3.4"),
		a("--dir", "in", "--mode", "tunnel", "!", "--mode", "tunnel"),
		a("--dir", "in", "!", "--mode", "tunnel", "--tunnel-dst", "1.2.3.4"),
		a("--dir", "in", "--strict", "--spi", "1", "--next", "--spi", "2", "--next", "--spi", "3", "--next", "--spi", "4", "--next"),
		a("--dir", "out"), // in INPUT
	)
	if _, err := parseExt(t, xt.KindMatch, "policy", ruleCtx("filter", "OUTPUT", 0), "--dir", "in"); err == nil {
		t.Error("--dir in built in OUTPUT")
	}
}

func TestPolicyPrint(t *testing.T) {
	needNames(t)
	m := &xt.Policy{Flags: xt.PolicyIn | xt.PolicyStrict, Len: 2}
	m.Elems[0] = xt.PolicyElem{ReqID: 1, SPI: 1, Proto: 50, Mode: xt.PolicyTunnel,
		Dst:   xt.PolicyAddr{Addr: netip.MustParseAddr("10.0.0.0"), Mask: netip.MustParseAddr("255.0.0.0")},
		Src:   xt.PolicyAddr{Addr: netip.MustParseAddr("10.0.0.1"), Mask: netip.MustParseAddr("255.255.255.255"), PadOnes: true},
		Match: 0x3f}
	m.Elems[1] = xt.PolicyElem{ReqID: 2, Proto: 51, Mode: xt.PolicyTunnel,
		Match: xt.PolicyFieldReqID | xt.PolicyFieldProto | xt.PolicyFieldMode, Invert: xt.PolicyFieldReqID | xt.PolicyFieldProto | xt.PolicyFieldMode}
	checkPrint(t, []printCase{
		{ext: m,
			numeric: " policy match dir in pol ipsec strict [0] reqid 1 spi 0x1 proto 50 mode tunnel tunnel-dst 10.0.0.0/8 tunnel-src 10.0.0.1 [1] ! reqid 2 ! proto 51 ! mode tunnel",
			names:   " policy match dir in pol ipsec strict [0] reqid 1 spi 0x1 proto esp mode tunnel tunnel-dst 10.0.0.0/8 tunnel-src 10.0.0.1 [1] ! reqid 2 ! proto ah ! mode tunnel"},
		{ext: &xt.Policy{Flags: xt.PolicyOut | xt.PolicyNone}, numeric: " policy match dir out pol none"},
	})
}

func FuzzDecodePolicy(f *testing.F) {
	p := make([]byte, 312)
	p[304], p[306] = 1, 1
	addSeeds(f, 0, p)
	fuzzDecode(f, xt.KindMatch, "policy", 0)
}
