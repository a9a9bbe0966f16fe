package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestOSFConformance(t *testing.T) {
	runConformance(t, 3, "libipt_osf.t")
}

func TestOSFBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 6)
	checkBuilds(t, xt.KindMatch, "osf", ctx, []buildCase{
		{[]string{"--genre", "linux", "--ttl", "0", "--log", "0"},
			&xt.OSF{Genre: "linux", Len: 5, Flags: xt.OSFTTL | xt.OSFLog}, " --genre linux --ttl 0 --log 0"},
		{[]string{"!", "--genre", "Windows", "--ttl", "2"},
			&xt.OSF{Genre: "Windows", Len: 7, Flags: xt.OSFTTL | xt.OSFInvert, TTL: xt.OSFTTLNoCheck}, " ! --genre Windows --ttl 2"},
		{[]string{"--genre", "0123456789012345678901234567890123456789", "--log", "0x1"},
			&xt.OSF{Genre: "0123456789012345678901234567890", Len: 31, Flags: xt.OSFLog, LogLevel: xt.OSFLogFirst},
			" --genre 0123456789012345678901234567890 --log 1"},
	})
}

func TestOSFErrors(t *testing.T) {
	a := func(args ...string) []string { return args }
	checkInvalid(t, "osf", 6, a("--ttl", "1"), a("--genre", "x", "--ttl", "3"), a("--genre", "x", "--log", "-1"))
	checkRefused(t, "osf", 0, "--genre", "linux") // no -p tcp
	if _, err := parseExt(t, xt.KindMatch, "osf", ruleCtx("filter", "OUTPUT", 6), "--genre", "linux"); err == nil {
		t.Error("osf built in OUTPUT")
	}
}

func TestOSFPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.OSF{Genre: "linux", Flags: xt.OSFInvert | xt.OSFTTL, TTL: 1}, numeric: " OS fingerprint match ! linux"},
		{ext: &xt.OSF{Genre: "linux"}, numeric: " OS fingerprint match linux"},
	})
}

func FuzzDecodeOSF(f *testing.F) {
	fuzzDecode(f, xt.KindMatch, "osf", 0)
}
