package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestU32Conformance(t *testing.T) {
	runConformance(t, 1, "libxt_u32.t")
}

func TestU32Build(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	checkBuilds(t, xt.KindMatch, "u32", ctx, []buildCase{
		{[]string{"--u32", "0x0=0x0&&0x0=0x1"}, &xt.U32{Tests: []xt.U32Test{
			{Locs: []xt.U32Loc{{Number: 0}}, Values: []xt.U32Range{{0, 0}}},
			{Locs: []xt.U32Loc{{Number: 0}}, Values: []xt.U32Range{{1, 1}}},
		}}, ` --u32 "0x0=0x0&&0x0=0x1"`},
		{[]string{"!", "--u32", " 6 & 0xFF = 1:3, 17 && 0>>22&0x3C@ 12 = 010 "}, &xt.U32{Invert: true, Tests: []xt.U32Test{
			{Locs: []xt.U32Loc{{Number: 6}, {Op: xt.U32And, Number: 0xff}}, Values: []xt.U32Range{{1, 3}, {17, 17}}},
			{Locs: []xt.U32Loc{{Number: 0}, {Op: xt.U32RightShift, Number: 22}, {Op: xt.U32And, Number: 0x3c}, {Op: xt.U32At, Number: 12}},
				Values: []xt.U32Range{{8, 8}}},
		}}, ` ! --u32 "0x6&0xff=0x1:0x3,0x11&&0x0>>0x16&0x3c@0xc=0x8"`},
		{[]string{"--u32", "0<<4=4294967295"}, &xt.U32{Tests: []xt.U32Test{
			{Locs: []xt.U32Loc{{Number: 0}, {Op: xt.U32LeftShift, Number: 4}}, Values: []xt.U32Range{{0xffffffff, 0xffffffff}}},
		}}, ` --u32 "0x0<<0x4=0xffffffff"`},
	})
}

func TestU32Errors(t *testing.T) {
	checkInvalid(t, "u32", 0, optValues("--u32", "", "0", "0=", "=1", "0<3=1", "0>3=1", "0=1&2=3", "0=4294967296",
		"0 1=1", "0=1 2", "0=1&&", "0=&&1=1", "x=1", "0=1:",
		"0&1&2&3&4&5&6&7&8&9&10=1", "0=1,2,3,4,5,6,7,8,9,10,11",
		"0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1")...)
	checkRefused(t, "u32", 0)
}

func TestU32Print(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.U32{Invert: true, Tests: []xt.U32Test{
			{Locs: []xt.U32Loc{{Number: 6}, {Op: xt.U32And, Number: 0xff}}, Values: []xt.U32Range{{1, 3}, {17, 17}}},
		}}, numeric: ` u32 ! "0x6&0xff=0x1:0x3,0x11"`},
		{ext: &xt.U32{Tests: []xt.U32Test{{Locs: []xt.U32Loc{{Number: 0}}, Values: []xt.U32Range{{0, 0}}}}}, numeric: ` u32 "0x0=0x0"`},
	})
}

func FuzzDecodeU32(f *testing.F) {
	fuzzDecode(f, xt.KindMatch, "u32", 0)
}
