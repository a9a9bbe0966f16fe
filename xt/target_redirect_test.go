package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRedirectConformance(t *testing.T) {
	runConformance(t, 15, "libxt_REDIRECT.t")
}

func FuzzDecodeRedirect(f *testing.F) { fuzzDecode(f, xt.KindTarget, "REDIRECT") }
