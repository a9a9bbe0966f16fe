package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_physdev.t's --physdev-out lines for OUTPUT and FORWARD are
// commented out there: the kernel refuses --physdev-out without
// --physdev-is-bridged in OUTPUT (and so do we), and accepts it in FORWARD.
func TestPhysdevConformance(t *testing.T) {
	runConformance(t, 4, "libxt_physdev.t")
}

func TestPhysdevBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "physdev", ruleCtx("filter", "FORWARD", 0), []buildCase{
		{[]string{"--physdev-in", "lo"}, &xt.Physdev{In: "lo", Ops: xt.PhysdevIn}, " --physdev-in lo"},
		{[]string{"!", "--physdev-in", "eth+", "!", "--physdev-out", "br0", "!", "--physdev-is-in", "!", "--physdev-is-out"},
			&xt.Physdev{In: "eth+", Out: "br0", Ops: xt.PhysdevIn | xt.PhysdevOut | xt.PhysdevIsIn | xt.PhysdevIsOut,
				Invert: xt.PhysdevIn | xt.PhysdevOut | xt.PhysdevIsIn | xt.PhysdevIsOut},
			" ! --physdev-is-in ! --physdev-in eth+ ! --physdev-is-out ! --physdev-out br0"},
		{[]string{"--physdev-is-bridged", "--physdev-in", "+"}, &xt.Physdev{In: "+", Ops: xt.PhysdevIn | xt.PhysdevIsBridged},
			" --physdev-in + --physdev-is-bridged"},
		{[]string{"--physdev-in", ""}, &xt.Physdev{Ops: xt.PhysdevIn}, " --physdev-in "},
		{[]string{"--physdev-in", "abcdefghijklmno"}, &xt.Physdev{In: "abcdefghijklmno", Ops: xt.PhysdevIn}, " --physdev-in abcdefghijklmno"},
		{[]string{"--physdev-out", "lo"}, &xt.Physdev{Out: "lo", Ops: xt.PhysdevOut}, " --physdev-out lo"},
	})
	checkBuilds(t, xt.KindMatch, "physdev", ruleCtx("filter", "OUTPUT", 0), []buildCase{
		{[]string{"--physdev-out", "lo", "--physdev-is-bridged"}, &xt.Physdev{Out: "lo", Ops: xt.PhysdevOut | xt.PhysdevIsBridged},
			" --physdev-out lo --physdev-is-bridged"},
		{[]string{"--physdev-out", "lo"}, nil, ""},
		{[]string{"--physdev-is-out"}, nil, ""},
		{[]string{"--physdev-out", "lo", "!", "--physdev-is-bridged"}, nil, ""},
	})
}

func TestPhysdevErrors(t *testing.T) {
	checkInvalid(t, "physdev", 0, []string{}, []string{"--physdev-in", "abcdefghijklmnop"},
		[]string{"--physdev-in", "a", "--physdev-in", "b"})
	for _, m := range []*xt.Physdev{{In: "abcdefghijklmnop"}, {Out: "a\x00b"}} {
		if _, err := m.AppendBinary(nil); err == nil {
			t.Errorf("%+v encoded", m)
		}
	}
	// A mask that the name does not imply stays Unknown.
	p, _ := (&xt.Physdev{In: "eth0", Ops: xt.PhysdevIn}).AppendBinary(nil)
	p[16+6] = 0xff
	if _, ok := decode(xt.KindMatch, "physdev", 0, padTo(p, 72)).(*xt.UnknownMatch); !ok {
		t.Error("odd mask decoded as a typed value")
	}
	if s := (xt.PhysdevIn | xt.PhysdevIsBridged).String(); s != "physdev-in,physdev-is-bridged" {
		t.Errorf("String() = %q", s)
	}
}

func TestPhysdevPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Physdev{In: "eth+", Out: "br0", Ops: xt.PhysdevIn | xt.PhysdevOut | xt.PhysdevIsIn | xt.PhysdevIsBridged,
			Invert: xt.PhysdevIn | xt.PhysdevOut | xt.PhysdevIsBridged},
			numeric: " PHYSDEV match --physdev-is-in ! --physdev-in eth+ ! --physdev-out br0 ! --physdev-is-bridged"},
	})
}

func FuzzDecodePhysdev(f *testing.F) {
	p, _ := (&xt.Physdev{In: "eth+", Out: "br0", Ops: 3, Invert: 1}).AppendBinary(nil)
	addSeeds(f, 0, padTo(p, 72))
	fuzzDecode(f, xt.KindMatch, "physdev", 0)
}
