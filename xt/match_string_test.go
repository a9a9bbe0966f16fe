package xt_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Every IPv4 line passes; "--algo wrong" fails in the kernel's
// checkentry (textsearch has no such algorithm), which nfkit applies.
func TestStringConformance(t *testing.T) {
	runConformance(t, 10, "libxt_string.t")
}

func TestStringBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	checkBuilds(t, xt.KindMatch, "string", ctx, []buildCase{
		{[]string{"--string", "test", "--algo", "bm"},
			&xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: "test"}, ` --string "test" --algo bm`},
		{[]string{"!", "--string", `a"b\c`, "--algo", "kmp", "--from", "0x10", "--to", "100", "--icase"},
			&xt.StringMatch{Rev: 1, From: 16, To: 100, Algo: "kmp", Pattern: `a"b\c`, Invert: true, IgnoreCase: true},
			` ! --string "a\"b\\c" --algo kmp --from 16 --to 100 --icase`},
		{[]string{"--hex-string", "| 41 42 |x", "--algo", "bm"},
			&xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: "ABx"}, ` --string "ABx" --algo bm`},
		{[]string{"--hex-string", "|00|a\\|", "--algo", "bm"},
			&xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: "\x00a|"}, ` --hex-string "|00617c|" --algo bm`},
		{[]string{"--hex-string", "|41||42|", "--algo", "bm"}, // the second "|" is text
			&xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: "A|42"}, ` --string "A|42" --algo bm`},
		{[]string{"--string", strings.Repeat("x", 128), "--algo", "bm"},
			&xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: strings.Repeat("x", 128)},
			` --string "` + strings.Repeat("x", 128) + `" --algo bm`},
	})
	checkBuildSave(t, xt.KindMatch, "string", ctx, []string{"--hex-string", "|000004410000002e|", "--algo", "fsm"},
		&xt.StringMatch{Rev: 1, To: 65535, Algo: "fsm", Pattern: "\x00\x00\x04A\x00\x00\x00."}, ` --hex-string "|000004410000002e|" --algo fsm`)
	checkBuildSave(t, xt.KindMatch, "string", ctx, []string{"--string", `ab\`, "--algo", "bm", "--to", "0"},
		&xt.StringMatch{Rev: 1, Algo: "bm", Pattern: `ab\`}, ` --hex-string "|61625c|" --algo bm --to 0`)
	checkBuildSave(t, xt.KindMatch, "string", ruleCtx("filter", "INPUT", 0, 0), []string{"!", "--string", "x", "--algo", "kmp"},
		&xt.StringMatch{Rev: 0, To: 65535, Algo: "kmp", Pattern: "x", Invert: true}, ` ! --string "x" --algo kmp`)
}

func TestStringErrors(t *testing.T) {
	a := func(args ...string) []string { return args }
	checkInvalid(t, "string", 0,
		a("--string", "x"), // no --algo
		a("--algo", "bm"),  // no pattern
		a("--string", "x", "--hex-string", "|00|", "--algo", "bm"),
		a("--string", strings.Repeat("x", 129), "--algo", "bm"),
		a("--hex-string", strings.Repeat("x", 130), "--algo", "bm"),
		a("--hex-string", "", "--algo", "bm"),
		a("--hex-string", "|0a", "--algo", "bm"),
		a("--hex-string", "||", "--algo", "bm"),
		a("--hex-string", "|0g|", "--algo", "bm"),
		a("--hex-string", "|0\\|", "--algo", "bm"),
		a("--hex-string", "a\\", "--algo", "bm"),
		a("--string", "x", "--algo", "bm", "--from", "65536"),
		a("--string", "x", "--algo", "bm", "--to", "-1"),
		a("--string", "x", "--algo", "wrong"),
		a("--string", "x", "--algo", "bm", "--from", "10", "--to", "5"),
		a("--string", "", "--algo", "bm"),
		a("--hex-string", "|0e000041|", "--algo", "fsm"),            // token type beyond TS_FSM_SPACE
		a("--hex-string", "|00000041|", "--algo", "fsm", "--icase"), // fsm has no ignore-case
		a("--hex-string", "|00000441|", "--algo", "fsm"),            // HEAD_IGNORE on the only token
		a("--string", "abc", "--algo", "fsm"),                       // not whole tokens
		a("--hex-string", strings.Repeat("x", 129), "--algo", "bm"), // iptables passes it, the kernel refuses
	)
	if _, err := parseExt(t, xt.KindMatch, "string", ruleCtx("filter", "INPUT", 0, 0), "--string", "x", "--algo", "bm", "--icase"); err == nil {
		t.Error("--icase built at revision 0")
	}
}

func TestStringPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.StringMatch{Rev: 1, To: 65535, Algo: "bm", Pattern: "test"}, numeric: ` STRING match  "test" ALGO name bm`},
		{ext: &xt.StringMatch{Rev: 1, From: 3, To: 9, Algo: "kmp", Pattern: "\x00a", Invert: true, IgnoreCase: true},
			numeric: ` STRING match ! "|0061|" ALGO name kmp FROM 3 TO 9 ICASE`},
		{ext: &xt.StringMatch{Rev: 0, Algo: "bm", Pattern: `"`, IgnoreCase: false}, numeric: ` STRING match  "\"" ALGO name bm TO 0`},
	})
}

func FuzzDecodeString(f *testing.F) {
	p := make([]byte, 160)
	p[2], p[3], p[4], p[5], p[20], p[148], p[149] = 0xff, 0xff, 'b', 'm', 'x', 1, 1
	addSeeds(f, 0, p)
	fuzzDecode(f, xt.KindMatch, "string", 0, 1)
}
