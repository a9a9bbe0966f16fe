package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

func TestMACConformance(t *testing.T) {
	n := mtConformance(t, "libxt_mac.t")
	t.Logf("libxt_mac.t: %d lines pass", n)
}

func TestMACBuild(t *testing.T) {
	tests := []struct {
		arg  string
		want [6]byte
		save string
	}{
		{"42:01:02:03:04:05", [6]byte{0x42, 1, 2, 3, 4, 5}, " --mac-source 42:01:02:03:04:05"},
		{"AA:BB:CC:DD:EE:FF", [6]byte{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}, " --mac-source aa:bb:cc:dd:ee:ff"},
		{"1:2:3:4:5:6", [6]byte{1, 2, 3, 4, 5, 6}, " --mac-source 01:02:03:04:05:06"},
		{" 1:+2:3:4:5:6", [6]byte{1, 2, 3, 4, 5, 6}, " --mac-source 01:02:03:04:05:06"},
		{":::::", [6]byte{}, " --mac-source 00:00:00:00:00:00"},
		{"-1:2:3:4:5:6", [6]byte{0xff, 2, 3, 4, 5, 6}, " --mac-source ff:02:03:04:05:06"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "mac", 0, "--mac-source", tt.arg)
		if err != nil {
			t.Errorf("%q: %v", tt.arg, err)
			continue
		}
		if diff := cmp.Diff(&xt.MAC{Source: tt.want}, got.(*xt.MAC), cmp.AllowUnexported(xt.MAC{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.arg, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.arg, s, tt.save)
		}
	}
}

func TestMACErrors(t *testing.T) {
	for _, arg := range []string{"42:01:02:03:04", "42:01:02:03:04:05:06", "42:01:02:03:04:0g",
		"123:01:02:03:04:05", "42-01-02-03-04-05", "0x1:2:3:4:5:6", "  1:2:3:4:5:6", "-:2:3:4:5:6"} {
		if _, err := mtParse(t, "mac", 0, "--mac-source", arg); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", arg, err)
		}
	}
	if _, err := mtParse(t, "mac", 0); err == nil {
		t.Error("built without --mac-source")
	}
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "mac")
	for _, chain := range []string{"OUTPUT", "POSTROUTING"} {
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: chain}
		if _, err := xt.ParseArgs(spec, ctx, []string{"--mac-source", "42:01:02:03:04:05"}); err == nil {
			t.Errorf("mac built in %s", chain)
		}
	}
}

func FuzzDecodeMAC(f *testing.F) {
	mtFuzz(f, "mac", 0,
		[]byte{0x42, 1, 2, 3, 4, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
		make([]byte, 16),
	)
}
