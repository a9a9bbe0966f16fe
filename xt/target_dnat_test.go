package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestDNATConformance(t *testing.T) {
	runConformance(t, 18, "libipt_DNAT.t")
}

func TestDNATBuild(t *testing.T) {
	a1, a9 := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.9")
	tests := []struct {
		rev  uint8
		args []string
		want *xt.DNAT
	}{
		{2, []string{"--to-destination", "10.0.0.1-10.0.0.9:80-90/100", "--random"}, &xt.DNAT{Rev: 2, NATRange: xt.NATRange{
			Flags:   xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoOffset | xt.NATProtoRandom,
			MinAddr: a1, MaxAddr: a9, MinPort: 80, MaxPort: 90, BasePort: 100,
		}}},
		{0, []string{"--to-destination", ":8080", "--persistent"}, &xt.DNAT{NATRange: xt.NATRange{
			Flags: xt.NATProtoSpecified | xt.NATPersistent, MinPort: 8080, MaxPort: 8080,
		}}},
		// iptables has no IPv4 revision 1 and falls back to 0.
		{1, []string{"--to-destination", "10.0.0.1"}, &xt.DNAT{NATRange: xt.NATRange{
			Flags: xt.NATMapIPs, MinAddr: a1, MaxAddr: a1,
		}}},
		// Only revision 2 has room for the base port.
		{0, []string{"--to-destination", "10.0.0.1:1-2/3"}, nil},
		{1, []string{"--to-destination", "10.0.0.1:1-2/3"}, nil},
		{2, []string{"--to-destination", "::1"}, nil},
		// libxtables ignores what follows the base's number.
		{2, []string{"--to-destination", "10.0.0.1:1-2/3x"}, &xt.DNAT{Rev: 2, NATRange: xt.NATRange{
			Flags:   xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoOffset,
			MinAddr: a1, MaxAddr: a1, MinPort: 1, MaxPort: 2, BasePort: 3,
		}}},
	}
	for _, tt := range tests {
		checkBuild(t, xt.KindTarget, "DNAT", ruleCtx("nat", "PREROUTING", 6, tt.rev), tt.args, tt.want)
	}
}

func TestDNATKernelChecks(t *testing.T) {
	for _, c := range []struct{ table, chain string }{{"nat", "POSTROUTING"}, {"nat", "INPUT"}, {"filter", "INPUT"}} {
		checkBuild(t, xt.KindTarget, "DNAT", ruleCtx(c.table, c.chain, 0, 2), []string{"--to-destination", "1.1.1.1"}, nil)
	}
}

// Revision 1 is never built but round-trips.
func TestDNATRev1(t *testing.T) {
	d := &xt.DNAT{Rev: 1, NATRange: xt.NATRange{
		Flags: xt.NATMapIPs | xt.NATProtoSpecified, MinAddr: netip.MustParseAddr("10.1.1.1"),
		MaxAddr: netip.MustParseAddr("10.1.1.2"), MinPort: 80, MaxPort: 81,
	}}
	enc, err := d.AppendBinary(nil)
	if err != nil || len(enc) != 40 {
		t.Fatalf("encode: %d bytes, %v", len(enc), err)
	}
	back := xt.DecodeTarget(xt.FamilyIPv4, "DNAT", 1, enc)
	if diff := diffExt(xt.Extension(d), back); diff != "" {
		t.Errorf("decode(encode) (-want +got):\n%s", diff)
	}
	if got, want := string(back.AppendSave(nil)), " --to-destination 10.1.1.1-10.1.1.2:80-81"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
}

func FuzzDecodeDNAT(f *testing.F) { fuzzDecode(f, xt.KindTarget, "DNAT") }
