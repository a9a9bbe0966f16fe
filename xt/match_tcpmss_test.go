package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: for "--mss 65535:1000" 1.8.9's
// tcpmss_parse reports "invalid range given", while 1.8.11 refuses the
// second number in xtopt_parse_mint already; both fail.
func TestTCPMSSConformance(t *testing.T) {
	n := mtConformance(t, "libxt_tcpmss.t")
	t.Logf("libxt_tcpmss.t: %d lines pass", n)
}

func TestTCPMSSBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.TCPMSS
		save string
	}{
		{[]string{"--mss", "42"}, &xt.TCPMSS{Min: 42, Max: 42}, " --mss 42"},
		{[]string{"--mss", ":"}, &xt.TCPMSS{Max: 65535}, " --mss 0:65535"},
		{[]string{"!", "--mss", "1000:1500"}, &xt.TCPMSS{Min: 1000, Max: 1500, Invert: true}, " ! --mss 1000:1500"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "tcpmss", 6, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.TCPMSS), cmp.AllowUnexported(xt.TCPMSS{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestTCPMSSErrors(t *testing.T) {
	for _, arg := range []string{"42:65536", "65535:1000", "-1"} {
		if _, err := mtParse(t, "tcpmss", 6, "--mss", arg); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", arg, err)
		}
	}
	if _, err := mtParse(t, "tcpmss", 6); err == nil {
		t.Error("built without --mss")
	}
	if _, err := mtParse(t, "tcpmss", 17, "--mss", "42"); err == nil {
		t.Error("tcpmss built in a -p udp rule")
	}
}

func FuzzDecodeTCPMSS(f *testing.F) {
	mtFuzz(f, "tcpmss", 0,
		[]byte{0x2a, 0, 0x39, 0x30, 0, 0, 0, 0},
		[]byte{0xe8, 0x03, 0xdc, 0x05, 1, 0, 0, 0},
	)
}
