package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestSocketConformance(t *testing.T) {
	runConformance(t, 6, "libxt_socket.t")
}

func TestSocketBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "socket", ruleCtx("mangle", "PREROUTING", 0), []buildCase{
		{nil, &xt.Socket{Rev: 3}, ""},
		{[]string{"--restore-skmark", "--transparent"}, &xt.Socket{Rev: 3, Flags: xt.SocketTransparent | xt.SocketRestoreSKMark},
			" --transparent --restore-skmark"},
	})
	// Older kernels: iptables picks the highest revision they have, and
	// refuses the options it lacks.
	checkBuilds(t, xt.KindMatch, "socket", ruleCtx("mangle", "INPUT", 0, 2), []buildCase{
		{[]string{"--nowildcard"}, &xt.Socket{Rev: 2, Flags: xt.SocketNoWildcard}, " --nowildcard"},
		{[]string{"--restore-skmark"}, nil, ""},
	})
	checkBuilds(t, xt.KindMatch, "socket", ruleCtx("mangle", "INPUT", 0, 1), []buildCase{
		{[]string{"--transparent"}, &xt.Socket{Rev: 1, Flags: xt.SocketTransparent}, " --transparent"},
		{[]string{"--nowildcard"}, nil, ""},
	})
	if _, err := parseExt(t, xt.KindMatch, "socket", ruleCtx("mangle", "INPUT", 0, 0)); err == nil {
		t.Error("socket built on a kernel with revision 0 only")
	}
}

func TestSocketErrors(t *testing.T) {
	checkInvalid(t, "socket", 0,
		[]string{"--transparent", "--transparent"},
		[]string{"!", "--transparent"},
	)
	if _, err := parseExt(t, xt.KindMatch, "socket", ruleCtx("mangle", "OUTPUT", 0)); err == nil {
		t.Error("socket built in OUTPUT")
	}
	bad := &xt.Socket{Rev: 1, Flags: xt.SocketNoWildcard}
	spec, _ := xt.SpecOf(xt.FamilyIPv4, bad)
	if err := spec.CheckKernel(ruleCtx("mangle", "INPUT", 0), bad); err == nil {
		t.Error("socket revision 1 with --nowildcard passes the kernel check")
	}
}

func TestSocketPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Socket{}, numeric: " socket"},
		{ext: &xt.Socket{Flags: xt.SocketTransparent | xt.SocketNoWildcard | xt.SocketRestoreSKMark},
			numeric: " socket --transparent --nowildcard --restore-skmark"},
	})
}

func FuzzDecodeSocket(f *testing.F) {
	addSeeds(f, 0, []byte{7, 0, 0, 0, 0, 0, 0, 0}, []byte{1}, []byte{3, 0, 0, 0, 0, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "socket", 1, 2, 3)
}

func TestGroup3FlagStrings(t *testing.T) {
	for _, c := range []struct {
		got  string
		want string
	}{
		{xt.SocketFlags(7).String(), "transparent,nowildcard,restore-skmark"},
		{xt.SocketFlags(0x11).String(), "transparent,0x10"},
		{xt.RPFilterFlags(9).String(), "loose,invert"},
		{xt.ECNOps(0x31).String(), "ip-ect,tcp-ece,tcp-cwr"},
		{xt.SCTPFlags(5).String(), "sport,chunk-types"},
		{xt.DCCPFlags(0xc).String(), "dccp-types,dccp-option"},
		{(xt.DCCPData | xt.DCCPInvalid).String(), "DATA,INVALID"},
		{xt.SCTPChunkMatchOnly.String(), "only"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
