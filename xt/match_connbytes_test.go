package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The commented-out line of libxt_connbytes.t (0:18446744073709551615)
// is not counted: it is not a test line.
func TestConnbytesConformance(t *testing.T) {
	runConformance(t, 24, "libxt_connbytes.t")
}

func TestConnbytesBuild(t *testing.T) {
	const max = 1<<64 - 1
	tail := []string{"--connbytes-mode", "bytes", "--connbytes-dir", "both"}
	with := func(a ...string) []string { return append(a, tail...) }
	checkBuilds(t, xt.KindMatch, "connbytes", ruleCtx("filter", "FORWARD", 0), []buildCase{
		{with("--connbytes", "7"), &xt.Connbytes{From: 7, To: max, What: xt.ConnbytesBytes, Dir: xt.ConnbytesBoth},
			" --connbytes 7 --connbytes-mode bytes --connbytes-dir both"},
		{with("!", "--connbytes", "7:9"), &xt.Connbytes{From: 9, To: 7, What: xt.ConnbytesBytes, Dir: xt.ConnbytesBoth},
			" ! --connbytes 7:9 --connbytes-mode bytes --connbytes-dir both"},
		{with("--connbytes", ""), &xt.Connbytes{To: max, What: xt.ConnbytesBytes, Dir: xt.ConnbytesBoth},
			" --connbytes 0 --connbytes-mode bytes --connbytes-dir both"},
		{with("--connbytes", "0x10:"), &xt.Connbytes{From: 16, To: max, What: xt.ConnbytesBytes, Dir: xt.ConnbytesBoth},
			" --connbytes 16 --connbytes-mode bytes --connbytes-dir both"},
	})
}

func TestConnbytesErrors(t *testing.T) {
	tail := []string{"--connbytes-mode", "bytes", "--connbytes-dir", "both"}
	checkInvalid(t, "connbytes", 0,
		append([]string{"--connbytes", "1:2:3"}, tail...),
		append([]string{"--connbytes", "5:4"}, tail...),
		append([]string{"--connbytes", "1x"}, tail...),
		[]string{"--connbytes", "1", "--connbytes-mode", "bytes", "--connbytes-dir", "sideways"},
		[]string{"--connbytes", "1", "--connbytes-mode", "bytes"},
	)
}

func TestConnbytesPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Connbytes{From: 0, To: 1000}, numeric: " connbytes 0:1000 connbytes mode packets connbytes direction original"},
		{ext: &xt.Connbytes{From: 1<<64 - 1, To: 10, What: xt.ConnbytesAvgPkt, Dir: xt.ConnbytesReply},
			numeric: " ! connbytes 10 connbytes mode avgpkt connbytes direction reply"},
		{ext: &xt.Connbytes{What: 7, Dir: 9}, numeric: " connbytes 0 connbytes mode unknown connbytes direction unknown"},
	})
}

func FuzzDecodeConnbytes(f *testing.F) {
	addSeeds(f, 0, make([]byte, 24))
	fuzzDecode(f, xt.KindMatch, "connbytes", 0)
}
