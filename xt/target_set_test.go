package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_SET.t has one line, which must fail: set foo does not exist.
func TestSetTargetConformance(t *testing.T) {
	runConformance(t, 1, "libxt_SET.t")
}

func TestSetTargetBuild(t *testing.T) {
	none := xt.IPSetRef{Index: xt.IPSetIndexNone}
	ctx := ruleCtx("mangle", "OUTPUT", 0)
	ctx.IPSets = testIPSets{"foo", "bar"}
	checkBuilds(t, xt.KindTarget, "SET", ctx, []buildCase{
		{[]string{"--add-set", "bar", "src,dst", "--exist", "--timeout", "0x10"},
			&xt.SetTarget{Rev: 3, Add: xt.IPSetRef{Name: "bar", Index: 1, Dim: 2, Src: 1}, Del: none, Map: none, Exist: true, Timeout: 16},
			" --add-set bar src,dst --exist --timeout 16"},
		{[]string{"--map-set", "foo", "dst", "--map-queue", "--del-set", "foo", "src"},
			&xt.SetTarget{Rev: 3, Add: none, Del: xt.IPSetRef{Name: "foo", Dim: 1, Src: 1}, Map: xt.IPSetRef{Name: "foo", Dim: 1}, MapQueue: true, Timeout: xt.SetTimeoutNone},
			" --del-set foo src --map-set foo dst --map-queue"},
		{[]string{"--del-set", "foo", "src", "--timeout", "5"}, nil, ""},
		{[]string{"--add-set", "foo", "src", "--map-mark"}, nil, ""},
		{[]string{"--add-set", "foo"}, nil, ""},
	})
	// The kernel's checks: --map-set in mangle only, prio and queue not
	// from PREROUTING or INPUT.
	for _, c := range []struct{ table, chain string }{{"filter", "OUTPUT"}, {"mangle", "PREROUTING"}} {
		ctx := ruleCtx(c.table, c.chain, 0)
		ctx.IPSets = testIPSets{"foo"}
		checkTargetInvalid(t, "SET", ctx, []string{"--map-set", "foo", "src", "--map-prio"})
	}
}

func TestSetTargetPrint(t *testing.T) {
	none := xt.IPSetRef{Index: xt.IPSetIndexNone}
	checkPrint(t, []printCase{
		{&xt.SetTarget{Rev: 3, Add: xt.IPSetRef{Name: "a", Dim: 1, Src: 1}, Del: none, Map: xt.IPSetRef{Name: "m", Dim: 2}, Exist: true, Timeout: 7, MapMark: true, MapPrio: true},
			0, " add-set a src exist timeout 7 map-set m dst,dst map-mark map-prio", ""},
		{&xt.SetTarget{Rev: 1, Add: none, Del: xt.IPSetRef{Index: 4, Dim: 1}, Map: none, Timeout: xt.SetTimeoutNone},
			0, " del-set #4 dst", ""},
	})
}

func FuzzDecodeSetTarget(f *testing.F) {
	addSeeds(f, 3, []byte{0, 0, 1, 2, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "SET", 1, 2, 3)
}
