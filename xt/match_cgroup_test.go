package xt_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestCgroupConformance(t *testing.T) {
	runConformance(t, 6, "libxt_cgroup.t")
}

func TestCgroupBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "cgroup", ruleCtx("mangle", "OUTPUT", 0), []buildCase{
		{[]string{"--cgroup", "1"}, &xt.Cgroup{Rev: 2, HasClassID: true, ClassID: 1}, " --cgroup 1"},
		{[]string{"!", "--cgroup", "0x100001"}, &xt.Cgroup{Rev: 2, HasClassID: true, ClassID: 0x100001, InvertClassID: true},
			" ! --cgroup 1048577"},
		{[]string{"--path", "/"}, &xt.Cgroup{Rev: 2, HasPath: true, Path: "/"}, ` --path "/"`},
		{[]string{"!", "--path", "system.slice/a b"}, &xt.Cgroup{Rev: 2, HasPath: true, Path: "system.slice/a b", InvertPath: true},
			` ! --path "system.slice/a b"`},
		{[]string{"--path", "user_1-x"}, &xt.Cgroup{Rev: 2, HasPath: true, Path: "user_1-x"}, " --path user_1-x"},
		{[]string{"--path", strings.Repeat("p", 600)}, &xt.Cgroup{Rev: 2, HasPath: true, Path: strings.Repeat("p", 511)},
			" --path " + strings.Repeat("p", 511)},
		{[]string{"--cgroup", "1", "--path", "/"}, nil, ""},
		{[]string{}, nil, ""},
	})
	// Older kernels: revision 1 (a 4096-byte path and a classid) and 0.
	checkBuilds(t, xt.KindMatch, "cgroup", ruleCtx("filter", "INPUT", 0, 1), []buildCase{
		{[]string{"!", "--path", "/a"}, &xt.Cgroup{Rev: 1, HasPath: true, Path: "/a", InvertPath: true}, ` ! --path "/a"`},
		{[]string{"--cgroup", "7"}, &xt.Cgroup{Rev: 1, HasClassID: true, ClassID: 7}, " --cgroup 7"},
		{[]string{"--path", strings.Repeat("p", 5000)}, &xt.Cgroup{Rev: 1, HasPath: true, Path: strings.Repeat("p", 4095)},
			" --path " + strings.Repeat("p", 4095)},
		{[]string{"--path", "/", "--cgroup", "1"}, nil, ""},
	})
	checkBuilds(t, xt.KindMatch, "cgroup", ruleCtx("filter", "POSTROUTING", 0, 0), []buildCase{
		{[]string{"!", "--cgroup", "7"}, &xt.Cgroup{HasClassID: true, ClassID: 7, InvertClassID: true}, " ! --cgroup 7"},
		{[]string{"--path", "/"}, nil, ""},
		{[]string{}, nil, ""},
	})
	// The kernel allows cgroup in INPUT, OUTPUT and POSTROUTING only.
	for _, chain := range []string{"PREROUTING", "FORWARD"} {
		checkBuild(t, xt.KindMatch, "cgroup", ruleCtx("mangle", chain, 0), []string{"--cgroup", "1"}, (*xt.Cgroup)(nil))
	}
}

func TestCgroupErrors(t *testing.T) {
	checkInvalid(t, "cgroup", 0, append(optValues("--cgroup", "4294967296", "-1", "x"),
		[]string{}, []string{"--cgroup", "1", "--path", "/"}, []string{"--path", "/", "--path", "/"})...)
	for _, m := range []*xt.Cgroup{
		{HasPath: true, Path: "/"}, {Rev: 0}, {Rev: 3, HasClassID: true},
		{Rev: 2, HasPath: true, Path: "/", ClassID: 1}, {Rev: 2, Path: "/"},
		{Rev: 2, HasPath: true, Path: strings.Repeat("p", 512)}, {Rev: 1, HasPath: true, Path: "a\x00"},
	} {
		if _, err := m.AppendBinary(nil); err == nil {
			t.Errorf("%+v encoded", m)
		}
	}
}

func TestCgroupRoundTrip(t *testing.T) {
	for _, m := range []*xt.Cgroup{
		{HasClassID: true, ClassID: 5, InvertClassID: true},
		{Rev: 1, HasPath: true, Path: "/x", ClassID: 0},
		{Rev: 1, HasClassID: true, ClassID: 9, InvertClassID: true},
		{Rev: 2, HasClassID: true, ClassID: 9},
		{Rev: 2, HasPath: true, InvertPath: true, Path: "/x/y"},
	} {
		if diff := diffExt(m, roundTrip(t, m)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", m, diff)
		}
	}
}

func TestCgroupPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Cgroup{Rev: 2, HasClassID: true, ClassID: 7, InvertClassID: true}, numeric: " cgroup ! 7"},
		{ext: &xt.Cgroup{Rev: 2, HasPath: true, Path: "/", InvertPath: true}, numeric: " cgroup ! /"},
		{ext: &xt.Cgroup{Rev: 1, HasPath: true, Path: "/a b", HasClassID: true, ClassID: 3}, numeric: " cgroup /a b 3"},
		{ext: &xt.Cgroup{HasClassID: true, ClassID: 1}, numeric: " cgroup 1"},
	})
}

func FuzzDecodeCgroup(f *testing.F) {
	for _, m := range []*xt.Cgroup{
		{HasClassID: true, ClassID: 5, InvertClassID: true},
		{Rev: 1, HasPath: true, Path: "/x"},
		{Rev: 2, HasPath: true, Path: "/x"},
	} {
		p, _ := m.AppendBinary(nil)
		addSeeds(f, m.Rev, p)
	}
	fuzzDecode(f, xt.KindMatch, "cgroup", 0, 1, 2)
}
