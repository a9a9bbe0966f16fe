package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestOwnerConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_owner.t"))
}

func TestOwnerRanges(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"--uid-owner", "5:7"}, true},
		{[]string{"--uid-owner", "4294967294"}, true},
		{[]string{"--uid-owner", "4294967295"}, false},
		{[]string{"--uid-owner", "10-5"}, false}, // iptables takes it, the kernel refuses it
		{[]string{"--gid-owner", "1-"}, false},
		{[]string{"--uid-owner", "nosuchuser"}, false},
		{[]string{"!", "--socket-exists"}, true},
	} {
		spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "owner")
		_, err := xt.ParseArgs(spec, &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: "OUTPUT"}, c.args)
		if (err == nil) != c.ok {
			t.Errorf("%v: err %v, want ok=%v", c.args, err, c.ok)
		}
	}
}

func FuzzDecodeOwner(f *testing.F) {
	ctmAddSeeds(f, "match", "owner")
	f.Add([]byte{0, 0, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "owner", 1, data)
	})
}
