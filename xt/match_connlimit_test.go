package xt_test

import (
	"encoding/hex"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestConnlimitConformance(t *testing.T) {
	runConformance(t, 15, "libxt_connlimit.t", "libipt_connlimit.t")
}

func TestConnlimitRevision0(t *testing.T) {
	ctx := ruleCtx("filter", "", 0, 0)
	e, err := parseExt(t, xt.KindMatch, "connlimit", ctx, "--connlimit-above", "3", "--connlimit-mask", "24")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(e.AppendSave(nil)), " --connlimit-above 3 --connlimit-mask 24"; got != want || e.Revision() != 0 {
		t.Errorf("rev %d save %q, want rev 0 %q", e.Revision(), got, want)
	}
	if _, err := parseExt(t, xt.KindMatch, "connlimit", ctx, "--connlimit-above", "3", "--connlimit-daddr"); err == nil {
		t.Error("revision 0 took --connlimit-daddr")
	}
}

func FuzzDecodeConnlimit(f *testing.F) {
	for _, h := range []string{
		"ffffffffffffffffffffffffffffffff0a000000000000000000000000000000",
		"ffffff000000000000000000000000000a000000020000000000000000000000",
	} {
		b, _ := hex.DecodeString(h)
		f.Add(uint8(1), b)
	}
	fuzzDecode(f, xt.KindMatch, "connlimit", 0, 1)
}

// iptables 1.8.11 keeps a --connlimit-mask that is not a prefix length
// (xtopt_parse_plenmask, commit 41139aee); 1.8.9 here replaces it with
// all ones. "33" is such a mask: getaddrinfo reads it as 0.0.0.33.
func TestConnlimitMask1811(t *testing.T) {
	e, err := parseInput(t, xt.KindMatch, "connlimit", 0, "--connlimit-above", "1", "--connlimit-mask", "255.0.255.0")
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := e.AppendBinary(nil)
	if got, want := hex.EncodeToString(enc[:4]), "ff00ff00"; got != want {
		t.Errorf("mask %s, want %s", got, want)
	}
	if got, want := string(e.AppendSave(nil)), " --connlimit-above 1 --connlimit-mask 8 --connlimit-saddr"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
	if _, err := parseInput(t, xt.KindMatch, "connlimit", 0, "--connlimit-above", "1", "--connlimit-mask", "33"); err != nil {
		t.Errorf("--connlimit-mask 33: %v", err)
	}
}
