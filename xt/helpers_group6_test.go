package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Helpers of the group 6 target tests (TCPOPTSTRIP, SECMARK, CONNSECMARK,
// AUDIT, IDLETIMER, HMARK, SYNPROXY, RATEEST).

// checkTargetDecodeUnknown checks that payloads of target name at rev
// decode as an unknown value: the kernel never holds them.
func checkTargetDecodeUnknown(t *testing.T, name string, rev uint8, payloads ...[]byte) {
	t.Helper()
	for _, p := range payloads {
		if v := decode(xt.KindTarget, name, rev, p); !isUnknownTarget(v) {
			t.Errorf("%s rev %d %x: decoded as %T, want unknown", name, rev, p, v)
		}
	}
}

func isUnknownTarget(v xt.Extension) bool {
	_, ok := v.(*xt.UnknownTarget)
	return ok
}
