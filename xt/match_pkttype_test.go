package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestPktTypeConformance(t *testing.T) {
	runConformance(t, 5, "libxt_pkttype.t")
}

func TestPktTypeBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "pkttype", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--pkt-type", "unicast"}, &xt.PktTypeMatch{Type: xt.PktTypeUnicast}, " --pkt-type unicast"},
		{[]string{"!", "--pkt-type", "BCAST"}, &xt.PktTypeMatch{Type: xt.PktTypeBroadcast, Invert: true}, " ! --pkt-type broadcast"},
		{[]string{"--pkt-type", "mcast"}, &xt.PktTypeMatch{Type: xt.PktTypeMulticast}, " --pkt-type multicast"},
		{[]string{"--pkt-type", "host"}, &xt.PktTypeMatch{Type: xt.PktTypeUnicast}, " --pkt-type unicast"},
		{[]string{"--pkt-type", "OtherHost"}, &xt.PktTypeMatch{Type: xt.PktTypeOtherHost}, " --pkt-type otherhost"},
	})
}

func TestPktTypeErrors(t *testing.T) {
	checkInvalid(t, "pkttype", 0, append(optValues("--pkt-type", "wrong", "uni", "", "0"),
		[]string{}, []string{"--pkt-type", "host", "--pkt-type", "host"})...)
	if s := xt.PktType(7).String(); s != "7" {
		t.Errorf("String() = %q", s)
	}
}

func TestPktTypePrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.PktTypeMatch{Type: xt.PktTypeBroadcast, Invert: true}, numeric: " PKTTYPE != broadcast"},
		{ext: &xt.PktTypeMatch{}, numeric: " PKTTYPE = unicast"},
		{ext: &xt.PktTypeMatch{Type: -1}, numeric: " PKTTYPE = -1"},
	})
}

func FuzzDecodePktType(f *testing.F) {
	addSeeds(f, 0, []byte{3, 0, 0, 0, 1, 0, 0, 0}, []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "pkttype", 0)
}
