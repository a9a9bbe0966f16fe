package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_TEE.t and libipt_TEE.t: every line passes.
func TestTeeConformance(t *testing.T) {
	runConformance(t, 3, "libxt_TEE.t", "libipt_TEE.t")
}

func TestTeeBuild(t *testing.T) {
	a := netip.MustParseAddr
	ctx := ruleCtx("filter", "FORWARD", 0)
	checkBuilds(t, xt.KindTarget, "TEE", ctx, []buildCase{
		{[]string{"--gateway", "1.1.1.1"}, &xt.Tee{Gateway: a("1.1.1.1")}, " --gateway 1.1.1.1"},
		{[]string{"--gateway", "10.1", "--oif", "eth0"}, &xt.Tee{Gateway: a("10.0.0.1"), OIF: "eth0"}, " --gateway 10.0.0.1 --oif eth0"},
		{[]string{"--oif=abcdefghijklmnopq", "--gateway=127.0.0.1"}, &xt.Tee{Gateway: a("127.0.0.1"), OIF: "abcdefghijklmno"},
			" --gateway 127.0.0.1 --oif abcdefghijklmno"},
		{[]string{"--gateway", "1.1.1.1", "--oif", ""}, &xt.Tee{Gateway: a("1.1.1.1")}, " --gateway 1.1.1.1"},
		{[]string{"--gateway", "0.0.0.0"}, nil, ""},
		{[]string{"--gateway", "::1"}, nil, ""},
		{[]string{"--oif", "eth0"}, nil, ""},
		{[]string{"!", "--gateway", "1.1.1.1"}, nil, ""},
		{[]string{"--gateway", "1.1.1.1", "--gateway", "1.1.1.2"}, nil, ""},
	})
}

func TestTeeInvalid(t *testing.T) {
	checkTargetInvalid(t, "TEE", ruleCtx("filter", "INPUT", 0),
		nil, []string{"--gateway", "0.0.0.0"}, []string{"--gateway", "::1"}, []string{"--oif", "lo"})
}

func TestTeeEncode(t *testing.T) {
	if _, err := (&xt.Tee{Gateway: netip.MustParseAddr("::1")}).AppendBinary(nil); err == nil {
		t.Error("IPv6 gateway encoded")
	}
	// An oif without its NUL is refused by the kernel and stays unknown.
	p := make([]byte, 40)
	p[0] = 1
	for i := 16; i < 32; i++ {
		p[i] = 'a'
	}
	if _, ok := xt.DecodeTarget(xt.FamilyIPv4, "TEE", 1, p).(*xt.UnknownTarget); !ok {
		t.Error("oif without NUL decoded")
	}
}

func TestTeePrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Tee{Gateway: netip.MustParseAddr("1.1.1.1")}, numeric: " TEE gw:1.1.1.1"},
		// Without -n, names from /etc/hosts and /etc/networks (as on
		// Debian with netbase: localhost, default).
		{ext: &xt.Tee{Gateway: netip.MustParseAddr("127.0.0.1"), OIF: "lo"}, numeric: " TEE gw:127.0.0.1 oif=lo",
			names: " TEE gw:" + nameOr(netip.MustParseAddr("127.0.0.1")) + " oif=lo"},
		{ext: &xt.Tee{}, numeric: " TEE gw:0.0.0.0", names: " TEE gw:" + nameOr(netip.IPv4Unspecified())},
	})
}

func FuzzDecodeTee(f *testing.F) {
	addSeeds(f, 1, make([]byte, 40))
	fuzzDecode(f, xt.KindTarget, "TEE", 1)
}

// nameOr is the name xt.AddrName gives a, or a itself.
func nameOr(a netip.Addr) string {
	if n := xt.AddrName(a); n != "" {
		return n
	}
	return a.String()
}
