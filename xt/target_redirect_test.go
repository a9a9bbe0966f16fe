package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRedirectConformance(t *testing.T) {
	if n := tgtRunT(t, "libxt_REDIRECT.t"); n != 15 {
		t.Errorf("%d lines pass, want 15", n)
	}
}

func FuzzDecodeRedirect(f *testing.F) { tgtFuzzDecode(f, xt.FamilyIPv4, "REDIRECT", "REDIRECT") }
