package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// There is no golden fixture: the kernel here has no ip_vs module, so
// iptables-legacy refuses every ipvs rule ("revision 0 not supported").
// The expectations below follow libxt_ipvs.c of iptables 1.8.11.
func TestIPVSConformance(t *testing.T) {
	runConformance(t, 3, "libipt_ipvs.t")
	runConformance(t, 16, "libxt_ipvs.t")
}

func TestIPVSBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	a := netip.MustParseAddr("1.2.3.4")
	checkBuilds(t, xt.KindMatch, "ipvs", ctx, []buildCase{
		{[]string{"--ipvs"}, &xt.IPVS{Match: xt.IPVSProperty}, " --ipvs"},
		{[]string{"!", "--ipvs"}, &xt.IPVS{Match: xt.IPVSProperty, Invert: xt.IPVSProperty}, " ! --ipvs"},
		{[]string{"--vproto", "TCP", "--vaddr", "1.2.3.4", "--vport", "http", "--vdir", "reply", "!", "--vmethod", "ipip", "--vportctl", "21"},
			&xt.IPVS{Match: 0x7f, Invert: xt.IPVSDir | xt.IPVSMethod, Proto: 6, VAddr: a,
				VMask: netip.MustParseAddr("255.255.255.255"), PadOnes: true, VPort: 80, Method: xt.IPVSTunnel, VPortCtl: 21},
			" --vproto 6 --vaddr 1.2.3.4 --vport 80 --vdir REPLY ! --vmethod IPIP --vportctl 21"},
		{[]string{"!", "--vaddr", "1.2.3.4/255.255.255.0"},
			&xt.IPVS{Match: xt.IPVSProperty | xt.IPVSVAddr, Invert: xt.IPVSVAddr, VAddr: a, VMask: netip.MustParseAddr("255.255.255.0")},
			" ! --vaddr 1.2.3.4/24"},
		{[]string{"--ipvs", "--vmethod", "MASQ"}, &xt.IPVS{Match: xt.IPVSProperty | xt.IPVSMethod, Method: xt.IPVSMasq}, " --vmethod MASQ"},
	})
}

func TestIPVSErrors(t *testing.T) {
	a := func(args ...string) []string { return args }
	checkInvalid(t, "ipvs", 0,
		a(),
		a("!", "--ipvs", "--vport", "22"),
		a("--vproto", "nosuchproto"),
		a("--vport", "65536"),
		a("--vdir", "sideways"),
		a("--vmethod", "LOCAL"),
	)
}

func TestIPVSPrint(t *testing.T) {
	m := &xt.IPVS{Match: 0x7f, Invert: xt.IPVSProto | xt.IPVSVAddr, Proto: 17,
		VAddr: netip.MustParseAddr("10.0.0.0"), VMask: netip.MustParseAddr("255.0.0.0"), VPort: 53, Method: xt.IPVSBypass, VPortCtl: 21}
	any := &xt.IPVS{Match: xt.IPVSProperty | xt.IPVSVAddr, VAddr: netip.IPv4Unspecified(), VMask: netip.IPv4Unspecified()}
	checkPrint(t, []printCase{
		{ext: m, numeric: " ! vproto 17 ! vaddr 10.0.0.0/8 vport 53 vdir ORIGINAL vmethod UNKNOWN vportctl 21"},
		{ext: any, numeric: " vaddr 0.0.0.0/0", names: " vaddr anywhere"},
		{ext: &xt.IPVS{Match: xt.IPVSProperty, Invert: xt.IPVSProperty}, numeric: " ! ipvs"},
	})
}

func FuzzDecodeIPVS(f *testing.F) {
	addSeeds(f, 0,
		[]byte{1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 80, 6, 3, 0, 21, 0x24, 0x7f},
	)
	fuzzDecode(f, xt.KindMatch, "ipvs", 0)
}
