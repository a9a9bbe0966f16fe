package xt_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

func TestNoTrackConformance(t *testing.T) {
	if n := tgtRunT(t, "libxt_NOTRACK.t"); n != 1 {
		t.Errorf("%d lines pass, want 1", n)
	}
}

// iptables prefers the CT alias at the kernel's highest CT revision and
// falls back to the old NOTRACK target.
func TestNoTrackRevisions(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "NOTRACK")
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
		got, err := xt.ParseArgs(spec, ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got, tgtCmp()); diff != "" {
			t.Errorf("CT up to %d (-want +got):\n%s", tt.ctMax, diff)
		}
		if s := "-j " + xt.SaveName(got) + string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("CT up to %d: save %q, want %q", tt.ctMax, s, tt.save)
		}
		enc, err := got.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		back := xt.DecodeTarget(xt.FamilyIPv4, got.Name(), got.Revision(), enc)
		if diff := cmp.Diff(got, back, tgtCmp()); diff != "" {
			t.Errorf("CT up to %d: decode(encode) (-want +got):\n%s", tt.ctMax, diff)
		}
	}
}

func FuzzDecodeNoTrack(f *testing.F) { tgtFuzzDecode(f, xt.FamilyIPv4, "CT", "NOTRACK") }
