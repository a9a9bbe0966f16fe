package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRealmConformance(t *testing.T) {
	runConformance(t, 3, "libipt_realm.t")
}

func TestRealmBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "realm", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--realm", "0x1/0x2a"}, &xt.Realm{ID: 1, Mask: 0x2a}, " --realm 0x1/0x2a"},
		{[]string{"!", "--realm", "42"}, &xt.Realm{ID: 42, Mask: 0xffffffff, Invert: true}, " ! --realm 0x2a"},
		{[]string{"--realm", "4294967295/0xffffffff"}, &xt.Realm{ID: 0xffffffff, Mask: 0xffffffff}, " --realm 0xffffffff"},
		{[]string{"--realm", "1/1"}, &xt.Realm{ID: 1, Mask: 1}, " --realm 0x1/0x1"},
	})
	// The kernel refuses realm in PREROUTING.
	checkBuild(t, xt.KindMatch, "realm", ruleCtx("mangle", "PREROUTING", 0), []string{"--realm", "1"}, (*xt.Realm)(nil))
	// iptables has realm for IPv4 only.
	if _, ok := xt.Lookup(xt.KindMatch, xt.FamilyIPv6, "realm"); ok {
		t.Error("realm is registered for IPv6")
	}
}

// TestRealmNames needs /etc/iproute2/rt_realms to name realm 0 cosmos, as
// iproute2 ships it.
func TestRealmNames(t *testing.T) {
	if n, ok := xt.RealmName(0); !ok || n != "cosmos" {
		t.Skip("/etc/iproute2/rt_realms does not name realm 0 cosmos")
	}
	checkBuildSave(t, xt.KindMatch, "realm", ruleCtx("filter", "FORWARD", 0), []string{"--realm", "cosmos"},
		&xt.Realm{Mask: 0xffffffff}, " --realm cosmos")
	checkPrint(t, []printCase{
		{ext: &xt.Realm{Mask: 0xffffffff}, numeric: " realm 0x0", names: " realm cosmos"},
		{ext: &xt.Realm{Mask: 0xff}, numeric: " realm 0x0/0xff"},
	})
}

func TestRealmErrors(t *testing.T) {
	checkInvalid(t, "realm", 0, append(optValues("--realm", "nosuchrealm", "1/x", "1/", "4294967296", "1/4294967296", "-1", "1/-1", "1/2x"),
		[]string{})...)
}

func TestRealmPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Realm{ID: 1, Mask: 0x2a, Invert: true}, numeric: " ! realm 0x1/0x2a"},
		{ext: &xt.Realm{ID: 5, Mask: 0xffffffff}, numeric: " realm 0x5"},
	})
}

func FuzzDecodeRealm(f *testing.F) {
	addSeeds(f, 0, []byte{1, 0, 0, 0, 0x2a, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "realm", 0)
}
