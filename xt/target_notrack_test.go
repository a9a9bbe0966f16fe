package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestNoTrackConformance(t *testing.T) {
	runConformance(t, 1, "libxt_NOTRACK.t")
}

// iptables prefers the CT alias at the kernel's highest CT revision and
// falls back to the old NOTRACK target.
func TestNoTrackRevisions(t *testing.T) {
	tests := []struct {
		ctMax int // highest CT revision the kernel has; -1: none
		want  xt.Extension
		save  string
	}{
		{2, &xt.NoTrack{}, "-j NOTRACK"},
		{1, &xt.CT{Rev: 1, Flags: xt.CTNoTrack}, "-j CT --notrack"},
		{0, &xt.CT{Flags: xt.CTNoTrack}, "-j CT --notrack"},
		{-1, &xt.NoTrack{Legacy: true}, "-j NOTRACK"},
	}
	for _, tt := range tests {
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "raw", Chain: "OUTPUT",
			Supported: func(_ xt.Kind, name string, rev uint8) bool {
				return name == "NOTRACK" || int(rev) <= tt.ctMax
			}}
		got, err := parseExt(t, xt.KindTarget, "NOTRACK", ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffExt(tt.want, got); diff != "" {
			t.Errorf("CT up to %d (-want +got):\n%s", tt.ctMax, diff)
		}
		if s := "-j " + xt.SaveName(got) + string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("CT up to %d: save %q, want %q", tt.ctMax, s, tt.save)
		}
		if diff := diffExt(got, roundTrip(t, got)); diff != "" {
			t.Errorf("CT up to %d: decode(encode) (-want +got):\n%s", tt.ctMax, diff)
		}
	}
}
