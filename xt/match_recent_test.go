package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRecentConformance(t *testing.T) {
	runConformance(t, 9, "libipt_recent.t", "libxt_recent.t")
}

func TestRecentBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	for _, c := range []struct {
		args []string
		save string
	}{
		{[]string{"--set"}, " --set --name DEFAULT --mask 255.255.255.255 --rsource"},
		{[]string{"!", "--rcheck", "--seconds", "0x10", "--reap", "--rdest", "--name", "x"}, " ! --rcheck --seconds 16 --reap --name x --mask 255.255.255.255 --rdest"},
		{[]string{"--update", "--rttl", "--hitcount", "3", "--mask", "10.0.0.0"}, " --update --hitcount 3 --rttl --name DEFAULT --mask 10.0.0.0 --rsource"},
	} {
		e, err := parseExt(t, xt.KindMatch, "recent", ctx, c.args...)
		if err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		if got := string(e.AppendSave(nil)); got != c.save {
			t.Errorf("%q: save %q, want %q", c.args, got, c.save)
		}
		if diff := diffExt(e, roundTrip(t, e)); diff != "" {
			t.Errorf("%q: round trip (-want +got):\n%s", c.args, diff)
		}
	}
	// Revision 0 has no mask and saves none.
	e, err := parseExt(t, xt.KindMatch, "recent", ruleCtx("filter", "INPUT", 0, 0), "--set", "--name", "ab")
	if err != nil || e.Revision() != 0 || string(e.AppendSave(nil)) != " --set --name ab --rsource" {
		t.Errorf("revision 0: %v %q", err, e.AppendSave(nil))
	}
	if diff := diffExt(e, roundTrip(t, e)); diff != "" {
		t.Errorf("revision 0 round trip (-want +got):\n%s", diff)
	}
}

func TestRecentErrors(t *testing.T) {
	checkInvalid(t, "recent", 0,
		[]string{"--name", "x"},
		[]string{"--set", "--rcheck"},
		[]string{"--set", "--rttl"},
		[]string{"--rttl", "--remove"},
		[]string{"--rcheck", "--reap"},
		[]string{"--rcheck", "--seconds", "0"},
		[]string{"--rcheck", "--hitcount", "65536"},
		[]string{"--set", "--seconds", "5"},
		[]string{"--set", "--name", "a/b"},
		[]string{"--set", "--name", ""},
		[]string{"--set", "--mask", "300.1.1.1"},
		[]string{"--set", "--hitcount", "-1"},
	)
}

func TestRecentPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Recent{Flags: xt.RecentSet, ListName: "DEFAULT", Mask: netip.MustParseAddr("255.255.255.255")},
			numeric: " recent: SET name: DEFAULT side: source mask: 255.255.255.255"},
		{ext: &xt.Recent{Flags: xt.RecentUpdate | xt.RecentReap | xt.RecentTTL, Invert: true, Seconds: 60, HitCount: 2, ListName: "x", Side: xt.RecentDest},
			numeric: " ! recent: UPDATE seconds: 60 reap hit_count: 2 TTL-Match name: x side: dest"},
	})
}

func FuzzDecodeRecent(f *testing.F) {
	fuzzDecode(f, xt.KindMatch, "recent", 0, 1)
}
