package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_nfacct.t has two IPv4 lines, both FAIL: "-m nfacct" (no name)
// and "--nfacct-name wrong", which only the kernel refuses (no accounting
// object of that name exists; the file's setup line "@nfacct add test"
// creates "test"), which a parser cannot know.
func TestNfacctConformance(t *testing.T) {
	runConformanceKnown(t, 1, map[string]string{
		"-m nfacct --nfacct-name wrong": "only the kernel knows which accounting objects exist",
	}, "libxt_nfacct.t")
}

func TestNfacctBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "nfacct", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--nfacct-name", "test"}, &xt.Nfacct{Rev: 1, Object: "test"}, " --nfacct-name  test"},
		{[]string{"--nfacct-name", "a b"}, &xt.Nfacct{Rev: 1, Object: "a b"}, ` --nfacct-name  "a b"`},
		{[]string{"--nfacct-name", "abcdefghijklmnopqrstuvwxyz0123456789"}, &xt.Nfacct{Rev: 1, Object: "abcdefghijklmnopqrstuvwxyz01234"},
			" --nfacct-name  abcdefghijklmnopqrstuvwxyz01234"},
	})
	checkBuilds(t, xt.KindMatch, "nfacct", ruleCtx("filter", "INPUT", 0, 0), []buildCase{
		{[]string{"--nfacct-name", "old"}, &xt.Nfacct{Object: "old"}, " --nfacct-name  old"},
	})
}

func TestNfacctErrors(t *testing.T) {
	checkInvalid(t, "nfacct", 0, []string{}, []string{"--nfacct-name", ""}, []string{"--nfacct-name", "a\nb"})
}

func TestNfacctPrint(t *testing.T) {
	checkPrint(t, []printCase{{ext: &xt.Nfacct{Rev: 1, Object: "test"}, numeric: " nfacct-name  test"}})
}

func FuzzDecodeNfacct(f *testing.F) {
	addSeeds(f, 0, make([]byte, 40))
	addSeeds(f, 1, append([]byte("test"), make([]byte, 36)...))
	fuzzDecode(f, xt.KindMatch, "nfacct", 0, 1)
}
