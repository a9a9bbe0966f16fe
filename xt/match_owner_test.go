package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestOwnerConformance(t *testing.T) {
	runConformance(t, 13, "libxt_owner.t")
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
		_, err := parseExt(t, xt.KindMatch, "owner", ruleCtx("mangle", "OUTPUT", 0), c.args...)
		if (err == nil) != c.ok {
			t.Errorf("%v: err %v, want ok=%v", c.args, err, c.ok)
		}
	}
}

func FuzzDecodeOwner(f *testing.F) {
	addSeeds(f, 1, []byte{0, 0, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "owner", 1)
}
