package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestAddrTypeConformance(t *testing.T) {
	runConformance(t, 14, "libxt_addrtype.t")
}

func TestAddrTypeBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "addrtype", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--src-type", "LOCAL"}, &xt.AddrType{Rev: 1, Src: xt.AddrTypeLocal}, " --src-type LOCAL"},
		{[]string{"!", "--dst-type", "local,Unicast"}, &xt.AddrType{Rev: 1, Dst: xt.AddrTypeLocal | xt.AddrTypeUnicast, Flags: xt.AddrTypeInvDest},
			" ! --dst-type UNICAST,LOCAL"},
		{[]string{"--src-type", "u,x", "--dst-type", "b", "--limit-iface-in"},
			&xt.AddrType{Rev: 1, Src: xt.AddrTypeUnspec | xt.AddrTypeXResolve, Dst: xt.AddrTypeBroadcast, Flags: xt.AddrTypeLimitIfaceIn},
			" --src-type UNSPEC,XRESOLVE --dst-type BROADCAST --limit-iface-in"},
		{[]string{"--src-type", "LOCAL", "--limit-iface-out"}, nil, ""}, // kernel: not in INPUT
	})
	// Revision 0, for kernels without revision 1.
	checkBuilds(t, xt.KindMatch, "addrtype", ruleCtx("filter", "OUTPUT", 0, 0), []buildCase{
		{[]string{"!", "--src-type", "LOCAL", "!", "--dst-type", "NAT"},
			&xt.AddrType{Src: xt.AddrTypeLocal, Dst: xt.AddrTypeNAT, Flags: xt.AddrTypeInvSource | xt.AddrTypeInvDest},
			" ! --src-type LOCAL ! --dst-type NAT"},
		{[]string{"--src-type", "LOCAL", "--limit-iface-out"}, nil, ""},
	})
	checkBuilds(t, xt.KindMatch, "addrtype", ruleCtx("filter", "OUTPUT", 0), []buildCase{
		{[]string{"--dst-type", "LOCAL", "--limit-iface-out"}, &xt.AddrType{Rev: 1, Dst: xt.AddrTypeLocal, Flags: xt.AddrTypeLimitIfaceOut},
			" --dst-type LOCAL --limit-iface-out"},
		{[]string{"--src-type", "LOCAL", "--limit-iface-in"}, nil, ""},
	})
	ctx6 := &xt.Context{Family: xt.FamilyIPv6, Table: "filter", Chain: "INPUT"}
	for _, bad := range []string{"BLACKHOLE", "PROHIBIT", "NAT", "BROADCAST"} {
		checkBuild(t, xt.KindMatch, "addrtype", ctx6, []string{"--src-type", bad}, (*xt.AddrType)(nil))
	}
	checkBuild(t, xt.KindMatch, "addrtype", ctx6, []string{"--src-type", "LOCAL,MULTICAST"},
		&xt.AddrType{Rev: 1, Src: xt.AddrTypeLocal | xt.AddrTypeMulticast})
}

func TestAddrTypeErrors(t *testing.T) {
	checkInvalid(t, "addrtype", 0,
		[]string{"--src-type", "wrong"}, []string{"--src-type", "LOCAL,"}, []string{"--src-type", ",LOCAL"},
		[]string{"--src-type", ""}, []string{"--dst-type", "LOCALX"},
		[]string{"--limit-iface-in"}, []string{},
		[]string{"--src-type", "LOCAL", "--limit-iface-in", "--limit-iface-out"},
		[]string{"--src-type", "LOCAL", "--src-type", "UNICAST"},
	)
	for _, m := range []*xt.AddrType{{Rev: 0, Src: 1, Flags: xt.AddrTypeLimitIfaceIn}, {Rev: 2, Src: 1}} {
		if _, err := m.AppendBinary(nil); err == nil {
			t.Errorf("%+v encoded", m)
		}
	}
	if s := (xt.AddrTypeLocal | xt.AddrTypeNAT).String(); s != "LOCAL,NAT" {
		t.Errorf("String() = %q", s)
	}
}

func TestAddrTypePrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.AddrType{Rev: 1, Src: xt.AddrTypeLocal | xt.AddrTypeUnicast, Dst: xt.AddrTypeMulticast,
			Flags: xt.AddrTypeInvSource | xt.AddrTypeLimitIfaceIn},
			numeric: " ADDRTYPE match src-type !UNICAST,LOCAL dst-type MULTICAST limit-in"},
		{ext: &xt.AddrType{Rev: 1, Dst: xt.AddrTypeLocal, Flags: xt.AddrTypeInvDest | xt.AddrTypeLimitIfaceOut},
			numeric: " ADDRTYPE match dst-type !LOCAL limit-out"},
		{ext: &xt.AddrType{Src: xt.AddrTypeLocal, Dst: xt.AddrTypeLocal, Flags: xt.AddrTypeInvDest},
			numeric: " ADDRTYPE match src-type LOCAL dst-type!LOCAL"},
	})
}

func FuzzDecodeAddrType(f *testing.F) {
	addSeeds(f, 0, []byte{4, 0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	addSeeds(f, 1, []byte{4, 0, 8, 0, 0xf, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "addrtype", 0, 1)
}
