package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The conformance file assumes no label map (/etc/xtables/connlabel.conf),
// as on the machines the fixtures come from.
func TestConnlabelConformance(t *testing.T) {
	runConformance(t, 6, "libxt_connlabel.t")
}

func TestConnlabelBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "connlabel", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--label", "0"}, &xt.Connlabel{}, ` --label "0"`},
		{[]string{"--set", "!", "--label", "010"}, &xt.Connlabel{Bit: 8, Options: xt.ConnlabelInvert | xt.ConnlabelSet}, ` ! --label "8" --set`},
	})
}

func TestConnlabelErrors(t *testing.T) {
	checkInvalid(t, "connlabel", 0, []string{}, []string{"--set"}, []string{"--label", ""}, []string{"--label", "-1"},
		[]string{"--label", "128"}, []string{"--label", "1x"})
}

func TestConnlabelPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Connlabel{Bit: 40}, numeric: " connlabel 40"},
		{ext: &xt.Connlabel{Bit: 41, Options: xt.ConnlabelInvert | xt.ConnlabelSet}, numeric: " connlabel ! 41 set"},
	})
}

func FuzzDecodeConnlabel(f *testing.F) {
	addSeeds(f, 0, make([]byte, 8))
	fuzzDecode(f, xt.KindMatch, "connlabel", 0)
}
