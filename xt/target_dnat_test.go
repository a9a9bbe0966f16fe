package xt_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nfkit/nfkit/xt"
)

func TestDNATConformance(t *testing.T) {
	if n := tgtRunT(t, "libipt_DNAT.t"); n != 18 {
		t.Errorf("%d lines pass, want 18", n)
	}
}

func TestDNATBuild(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "DNAT")
	tests := []struct {
		rev  uint8
		args []string
		want *xt.DNAT
		err  bool
	}{
		{rev: 2, args: []string{"--to-destination", "10.0.0.1-10.0.0.9:80-90/100", "--random"}, want: &xt.DNAT{Rev: 2, NATRange: xt.NATRange{
			Flags:   xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoOffset | xt.NATProtoRandom,
			MinAddr: netip.MustParseAddr("10.0.0.1"), MaxAddr: netip.MustParseAddr("10.0.0.9"),
			MinPort: 80, MaxPort: 90, BasePort: 100,
		}}},
		{rev: 0, args: []string{"--to-destination", ":8080", "--persistent"}, want: &xt.DNAT{NATRange: xt.NATRange{
			Flags: xt.NATProtoSpecified | xt.NATPersistent, MinPort: 8080, MaxPort: 8080,
		}}},
		// iptables has no IPv4 revision 1 and falls back to 0.
		{rev: 1, args: []string{"--to-destination", "1.2.3.4"}, want: &xt.DNAT{Rev: 0, NATRange: xt.NATRange{
			Flags: xt.NATMapIPs, MinAddr: netip.MustParseAddr("1.2.3.4"), MaxAddr: netip.MustParseAddr("1.2.3.4"),
		}}},
		// Only revision 2 has room for the base port.
		{rev: 0, args: []string{"--to-destination", "1.2.3.4:1-2/3"}, err: true},
		{rev: 1, args: []string{"--to-destination", "1.2.3.4:1-2/3"}, err: true},
		{rev: 2, args: []string{"--to-destination", "::1"}, err: true},
		{rev: 2, args: []string{"--to-destination", "1.2.3.4:1-2/3x"}, want: &xt.DNAT{Rev: 2, NATRange: xt.NATRange{
			Flags:   xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoOffset,
			MinAddr: netip.MustParseAddr("1.2.3.4"), MaxAddr: netip.MustParseAddr("1.2.3.4"),
			MinPort: 1, MaxPort: 2, BasePort: 3,
		}}},
	}
	for _, tt := range tests {
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "nat", Chain: "PREROUTING", Proto: 6,
			Supported: func(_ xt.Kind, _ string, rev uint8) bool { return rev <= tt.rev }}
		got, err := xt.ParseArgs(spec, ctx, tt.args)
		if tt.err {
			if err == nil {
				t.Errorf("rev %d %q: built %+v, want an error", tt.rev, tt.args, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("rev %d %q: %v", tt.rev, tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(xt.DNAT{}), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
			t.Errorf("rev %d %q (-want +got):\n%s", tt.rev, tt.args, diff)
		}
	}
}

func TestDNATKernelChecks(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "DNAT")
	for _, c := range []struct{ table, chain string }{{"nat", "POSTROUTING"}, {"nat", "INPUT"}, {"filter", "INPUT"}} {
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: c.table, Chain: c.chain}
		if _, err := xt.ParseArgs(spec, ctx, []string{"--to-destination", "1.1.1.1"}); err == nil {
			t.Errorf("DNAT built in %s %s", c.table, c.chain)
		}
	}
}

func FuzzDecodeDNAT(f *testing.F) { tgtFuzzDecode(f, xt.FamilyIPv4, "DNAT", "DNAT") }

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
	if diff := cmp.Diff(xt.Extension(d), back, cmpopts.IgnoreUnexported(xt.DNAT{}), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("decode(encode) (-want +got):\n%s", diff)
	}
	if got, want := string(back.AppendSave(nil)), " --to-destination 10.1.1.1-10.1.1.2:80-81"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
}
