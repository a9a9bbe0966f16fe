package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts "--length 4:3" and saves
// it as is; 1.8.11's xtopt_parse_mint refuses a second number below the
// first (libxt_length.t line 12). We follow 1.8.11.
func TestLengthConformance(t *testing.T) {
	n := mtConformance(t, "libxt_length.t")
	t.Logf("libxt_length.t: %d lines pass", n)
}

func TestLengthBuild(t *testing.T) {
	tests := []struct {
		arg  string
		inv  bool
		want *xt.Length
		save string
	}{
		{"1", false, &xt.Length{Min: 1, Max: 1}, " --length 1"},
		{":2", false, &xt.Length{Max: 2}, " --length 0:2"},
		{"4:", false, &xt.Length{Min: 4, Max: 65535}, " --length 4:65535"},
		{":", true, &xt.Length{Max: 65535, Invert: true}, " ! --length 0:65535"},
		{"0x10:020", false, &xt.Length{Min: 16, Max: 16}, " --length 16"},
		{"", false, &xt.Length{}, " --length 0"},
		{" 5", false, &xt.Length{Min: 5, Max: 5}, " --length 5"},
	}
	for _, tt := range tests {
		args := []string{"--length", tt.arg}
		if tt.inv {
			args = append([]string{"!"}, args...)
		}
		got, err := mtParse(t, "length", 0, args...)
		if err != nil {
			t.Errorf("%q: %v", args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.Length), cmp.AllowUnexported(xt.Length{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", args, s, tt.save)
		}
	}
}

func TestLengthErrors(t *testing.T) {
	for _, arg := range []string{"0:65536", "-1:65535", "4:3", "1:2:3", "1::", "1x", "0x"} {
		if _, err := mtParse(t, "length", 0, "--length", arg); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", arg, err)
		}
	}
	if _, err := mtParse(t, "length", 0); err == nil {
		t.Error("built without --length")
	}
}

func FuzzDecodeLength(f *testing.F) {
	mtFuzz(f, "length", 0,
		[]byte{0, 0, 0xff, 0xff, 1, 0, 0, 0},
		[]byte{4, 0, 4, 0, 0, 0, 0, 0},
	)
}
