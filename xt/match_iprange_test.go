package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libipt_iprange.t's lines for a single address ("should fail") are
// commented out there: iptables accepts them as the range A-A, and so do
// we.
func TestIPRangeConformance(t *testing.T) {
	runConformance(t, 5, "libipt_iprange.t", "libxt_iprange.t")
}

func TestIPRangeBuild(t *testing.T) {
	a := netip.MustParseAddr
	checkBuilds(t, xt.KindMatch, "iprange", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--src-range", "1.1.1.1-1.1.1.10"},
			&xt.IPRange{Rev: 1, Flags: xt.IPRangeSrc, SrcMin: a("1.1.1.1"), SrcMax: a("1.1.1.10")},
			" --src-range 1.1.1.1-1.1.1.10"},
		{[]string{"!", "--dst-range", "10.1-0x0b.010.1", "--src-range", "5.5.5.5"},
			&xt.IPRange{Rev: 1, Flags: xt.IPRangeSrc | xt.IPRangeDst | xt.IPRangeDstInv,
				SrcMin: a("5.5.5.5"), SrcMax: a("5.5.5.5"), DstMin: a("10.1.0.0"), DstMax: a("11.8.1.0")},
			" --src-range 5.5.5.5-5.5.5.5 ! --dst-range 10.1.0.0-11.8.1.0"},
		{[]string{"--src-range", "1.1.1.10-1.1.1.1"}, // reversed: iptables only warns
			&xt.IPRange{Rev: 1, Flags: xt.IPRangeSrc, SrcMin: a("1.1.1.10"), SrcMax: a("1.1.1.1")},
			" --src-range 1.1.1.10-1.1.1.1"},
	})
	checkBuilds(t, xt.KindMatch, "iprange", ruleCtx("filter", "INPUT", 0, 0), []buildCase{
		{[]string{"!", "--src-range", "1.1.1.1-1.1.1.10"},
			&xt.IPRange{Flags: xt.IPRangeSrc | xt.IPRangeSrcInv, SrcMin: a("1.1.1.1"), SrcMax: a("1.1.1.10")},
			" ! --src-range 1.1.1.1-1.1.1.10"},
	})
	ctx6 := &xt.Context{Family: xt.FamilyIPv6, Table: "filter", Chain: "INPUT"}
	checkBuildSave(t, xt.KindMatch, "iprange", ctx6, []string{"--dst-range", "2001:db8::1-2001:db8::ff"},
		&xt.IPRange{Rev: 1, Flags: xt.IPRangeDst, DstMin: a("2001:db8::1"), DstMax: a("2001:db8::ff")},
		" --dst-range 2001:db8::1-2001:db8::ff")
	checkBuild(t, xt.KindMatch, "iprange", ctx6, []string{"--dst-range", "1.1.1.1"}, (*xt.IPRange)(nil))
}

func TestIPRangeErrors(t *testing.T) {
	checkInvalid(t, "iprange", 0, append(optValues("--src-range",
		"1.1.1.256", "1.1.1.1-", "-1.1.1.1", "1.1.1.1-2.2.2.2-3.3.3.3", "host.example", "1..1.1", "1.1.1.1.1", "::1", ""),
		[]string{})...)
	if _, err := (&xt.IPRange{Flags: xt.IPRangeSrc, SrcMin: netip.MustParseAddr("::1")}).AppendBinary(nil); err == nil {
		t.Error("revision 0 encoded an IPv6 address")
	}
}

func TestIPRangePrint(t *testing.T) {
	a := netip.MustParseAddr
	checkPrint(t, []printCase{
		{ext: &xt.IPRange{Rev: 1, Flags: xt.IPRangeSrc | xt.IPRangeSrcInv | xt.IPRangeDst,
			SrcMin: a("1.1.1.1"), SrcMax: a("1.1.1.10"), DstMin: a("2.2.2.2"), DstMax: a("2.2.2.3")},
			numeric: " source IP range ! 1.1.1.1-1.1.1.10 destination IP range 2.2.2.2-2.2.2.3"},
		{ext: &xt.IPRange{Flags: xt.IPRangeDst | xt.IPRangeDstInv, DstMin: a("10.0.0.0"), DstMax: a("10.0.0.255")},
			numeric: " destination IP range ! 10.0.0.0-10.0.0.255"},
		{ext: &xt.IPRange{Rev: 1, Flags: xt.IPRangeSrc, SrcMin: a("::1"), SrcMax: a("::2")},
			numeric: " source IP range ::1-::2"},
	})
}

func FuzzDecodeIPRange(f *testing.F) {
	addSeeds(f, 0, []byte{1, 1, 1, 1, 1, 1, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "iprange", 0, 1)
}
