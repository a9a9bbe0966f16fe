package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// This kernel has no LED target, so there are no golden captures: the
// expectations are libxt_LED.c's save and print formats.
func TestLEDConformance(t *testing.T) {
	runConformance(t, 3, "libxt_LED.t")
}

func TestLEDBuild(t *testing.T) {
	checkBuilds(t, xt.KindTarget, "LED", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--led-trigger-id", `a"b\c`}, &xt.LED{TriggerID: `a"b\c`}, ` --led-trigger-id "a\"b\\c"`},
		{[]string{"--led-trigger-id", "x", "--led-delay", "INFINITE"}, &xt.LED{TriggerID: "x", Delay: xt.LEDDelayInf}, ` --led-trigger-id "x" --led-delay -1`},
		{[]string{"--led-trigger-id", "x", "--led-delay", "0x10", "--led-always-blink"}, &xt.LED{TriggerID: "x", Delay: 16, AlwaysBlink: true}, ` --led-trigger-id "x" --led-delay 16 --led-always-blink`},
		{[]string{"--led-trigger-id", "x", "--led-delay", "soon"}, &xt.LED{TriggerID: "x"}, ` --led-trigger-id "x"`},
		{[]string{"--led-trigger-id", "0123456789abcdefg"}, nil, ""},
		{[]string{"--led-trigger-id", ""}, nil, ""},
		{[]string{"--led-delay", "5"}, nil, ""},
	})
}

func TestLEDPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.LED{TriggerID: "foo", Delay: 42, AlwaysBlink: true}, numeric: ` led-trigger-id:"foo" led-delay:42ms led-always-blink`},
		{ext: &xt.LED{TriggerID: "foo", Delay: xt.LEDDelayInf}, numeric: ` led-trigger-id:"foo" led-delay:inf`},
	})
}

func FuzzDecodeLED(f *testing.F) {
	addSeeds(f, 0, append(append([]byte("netfilter-foo"), make([]byte, 14)...), 1, 42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	fuzzDecode(f, xt.KindTarget, "LED", 0)
}
