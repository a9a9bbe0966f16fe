package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_set.t has only lines that must fail because set foo does not
// exist: without a resolver (as in the .t runner) every set is unknown.
func TestSetConformance(t *testing.T) {
	runConformance(t, 2, "libxt_set.t")
}

func TestSetBuild(t *testing.T) {
	sets := testIPSets{"foo", "bar"}
	ctx := ruleCtx("filter", "INPUT", 0)
	ctx.IPSets = sets
	tests := []struct {
		args []string
		want *xt.Set
		save string
	}{
		{[]string{"--match-set", "bar", "src,dst"},
			&xt.Set{Rev: 4, IPSetRef: xt.IPSetRef{Name: "bar", Index: 1, Dim: 2, Src: 1}},
			" --match-set bar src,dst"},
		{[]string{"!", "--match-set", "foo", "dst", "--return-nomatch", "!", "--update-counters", "--bytes-eq", "0x10"},
			&xt.Set{Rev: 4, IPSetRef: xt.IPSetRef{Name: "foo", Dim: 1}, Invert: true, ReturnNoMatch: true,
				NoUpdateCounters: true, Bytes: xt.IPSetCounter{Op: xt.IPSetCounterEq, Value: 16}},
			" ! --match-set foo dst --return-nomatch ! --update-counters --bytes-eq 16"},
		{[]string{"--set", "foo", "srcX", "--update-counters", "!", "--packets-eq", "3"},
			&xt.Set{Rev: 4, IPSetRef: xt.IPSetRef{Name: "foo", Dim: 1, Src: 1}, Packets: xt.IPSetCounter{Op: xt.IPSetCounterNe, Value: 3}},
			" --match-set foo src ! --packets-eq 3"},
	}
	for _, tt := range tests {
		checkBuildSave(t, xt.KindMatch, "set", ctx, tt.args, tt.want, tt.save)
	}
	rev1 := ruleCtx("filter", "INPUT", 0, 1)
	rev1.IPSets = sets
	checkBuildSave(t, xt.KindMatch, "set", rev1, []string{"--match-set", "foo", "src"},
		&xt.Set{Rev: 1, IPSetRef: xt.IPSetRef{Name: "foo", Dim: 1, Src: 1}}, " --match-set foo src")
}

func TestSetPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{&xt.Set{Rev: 4, IPSetRef: xt.IPSetRef{Name: "bar", Index: 1, Dim: 2, Src: 2}, Invert: true, ReturnNoMatch: true,
			NoUpdateSubcounters: true, Packets: xt.IPSetCounter{Op: xt.IPSetCounterGt, Value: 9}},
			0, " ! match-set bar dst,src return-nomatch ! update-subcounters packets-gt 9", ""},
		{&xt.Set{Rev: 1, IPSetRef: xt.IPSetRef{Index: 7, Dim: 1}}, 0, " match-set #7 dst", ""},
	})
}

func FuzzDecodeSet(f *testing.F) {
	addSeeds(f, 1, []byte{1, 0, 2, 3, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "set", 1, 2, 3, 4)
}
