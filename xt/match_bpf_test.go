package xt_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestBPFConformance(t *testing.T) {
	runConformance(t, 1, "libxt_bpf.t")
}

var bpfTCP = []xt.BPFInstr{{Code: 48, K: 9}, {Code: 21, JF: 1, K: 6}, {Code: 6, K: 1}, {Code: 6}}

func TestBPFBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "bpf", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--bytecode", "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0"}, &xt.BPF{Rev: 1, Program: bpfTCP},
			` --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0"`},
		{[]string{"--bytecode", " 2, 6 0 0 4294967295 ,6 0 0 0,"},
			&xt.BPF{Rev: 1, Program: []xt.BPFInstr{{Code: 6, K: 0xffffffff}, {Code: 6}}}, ` --bytecode "2,6 0 0 4294967295,6 0 0 0"`},
		{[]string{"--object-pinned", "/"}, &xt.BPF{Rev: 1, Mode: xt.BPFModePinned, Path: "/"}, " --object-pinned /"},
	})
	checkBuildSave(t, xt.KindMatch, "bpf", ruleCtx("filter", "INPUT", 0, 0), []string{"--bytecode", "1,6 0 0 65535"},
		&xt.BPF{Program: []xt.BPFInstr{{Code: 6, K: 65535}}}, ` --bytecode "1,6 0 0 65535"`)
}

func TestBPFErrors(t *testing.T) {
	checkInvalid(t, "bpf", 0, optValues("--bytecode", "", "0,", "2,6 0 0 0", "1,6 0 0 0,6 0 0 0", "1,6 0 0", "65,6 0 0 0",
		"1 ,6 0 0 0", "1", "x,6 0 0 0",
		"1,99 0 0 0",                  // unknown opcode
		"1,21 0 0 0",                  // last is not a return
		"2,21 1 0 0,6 0 0 0",          // jump out of range
		"3,96 0 0 0,22 0 0 0,6 0 0 0", // reads M[0] before a store
		"2,52 0 0 0,6 0 0 0",          // A /= 0
		"2,100 0 0 32,6 0 0 0",        // A <<= 32
		"2,2 0 0 16,6 0 0 0",          // M[16]
		"1,"+strings.Repeat("6 0 0 0,", 2))...)
	checkInvalid(t, "bpf", 0, []string{}, []string{"--bytecode", "1,6 0 0 0", "--object-pinned", "/"},
		[]string{"--object-pinned", "/nonexistent/nfkit"})
	if _, err := parseExt(t, xt.KindMatch, "bpf", ruleCtx("filter", "INPUT", 0, 0), "--object-pinned", "/"); err == nil {
		t.Error("--object-pinned built at revision 0")
	}
}

func TestBPFPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.BPF{Rev: 1, Program: bpfTCP}, numeric: "match bpf 48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\x00"},
		{ext: &xt.BPF{Rev: 1, Mode: xt.BPFModePinned, Path: "/sys/fs/bpf/p"}, numeric: "match bpf pinned /sys/fs/bpf/p"},
	})
}

func FuzzDecodeBPF(f *testing.F) {
	p := make([]byte, 528)
	p[0], p[8], p[9] = 1, '/', 'x'
	addSeeds(f, 1, p)
	fuzzDecode(f, xt.KindMatch, "bpf", 0, 1)
}
