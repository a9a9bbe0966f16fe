package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 saves every type-255 match as
// "--icmp-type any", so "--icmp-type 255/255" comes back as "any"; 1.8.11
// prints "any" only for type 255 with codes 0-255 and keeps "255/255"
// (libipt_icmp.t line 13). We follow 1.8.11.
func TestICMPConformance(t *testing.T) {
	runConformance(t, 6, "libipt_icmp.t")
}

func TestICMPBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "icmp", ruleCtx("filter", "INPUT", 1), []buildCase{
		{[]string{"--icmp-type", "any"}, xt.ICMPAny(), " --icmp-type any"},
		{[]string{"--icmp-type", "255/0:255"}, xt.ICMPAny(), " --icmp-type any"},
		{[]string{"--icmp-type", "255/255"}, &xt.ICMP{Type: 255, CodeMin: 255, CodeMax: 255}, " --icmp-type 255/255"},
		{[]string{"!", "--icmp-type", "echo-req"}, &xt.ICMP{Type: 8, CodeMax: 255, Invert: true}, " ! --icmp-type 8"},
		{[]string{"--icmp-type", "PORT-UNREACH"}, &xt.ICMP{Type: 3, CodeMin: 3, CodeMax: 3}, " --icmp-type 3/3"},
		{[]string{"--icmp-type", "3/1:5"}, &xt.ICMP{Type: 3, CodeMin: 1, CodeMax: 5}, " --icmp-type 3/1"},
		{[]string{"--icmp-type", "0x8"}, &xt.ICMP{Type: 8, CodeMax: 255}, " --icmp-type 8"},
		{[]string{"--icmp-type", "3:3"}, &xt.ICMP{Type: 3, CodeMax: 255}, " --icmp-type 3"},
	})
}

func TestICMPErrors(t *testing.T) {
	checkInvalid(t, "icmp", 1, optValues("--icmp-type", "echo", "", "256", "3/256", "3:4", "3/4x", "3x", "3/", "-1", "foo",
		"destination-unreachable/network-unreachable")...)
	checkRefused(t, "icmp", 1)                     // built without --icmp-type
	checkRefused(t, "icmp", 6, "--icmp-type", "8") // icmp built in a -p tcp rule
	if _, ok := xt.Lookup(xt.KindMatch, xt.FamilyIPv6, "icmp"); ok {
		t.Error("icmp is registered for IPv6")
	}
	m := xt.DecodeMatch(xt.FamilyIPv4, "icmp", 0, []byte{8, 0, 255, 2, 0, 0, 0, 0})
	if _, ok := m.(*xt.UnknownMatch); !ok {
		t.Error("unknown inversion flags decoded as a typed value")
	}
}

func FuzzDecodeICMP(f *testing.F) {
	addSeeds(f, 0,
		[]byte{0xff, 0, 0xff, 0, 0, 0, 0, 0},
		[]byte{3, 3, 3, 1, 0, 0, 0, 0},
		[]byte{8, 0, 255, 2, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "icmp", 0)
}
