package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

func TestMarkConformance(t *testing.T) {
	n := mtConformance(t, "libxt_mark.t")
	t.Logf("libxt_mark.t: %d lines pass", n)
}

func TestMarkBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.Mark
		save string
	}{
		{[]string{"--mark", "0xfeedcafe/0xfeedcafe"}, &xt.Mark{Value: 0xfeedcafe, Mask: 0xfeedcafe}, " --mark 0xfeedcafe/0xfeedcafe"},
		{[]string{"--mark", "4294967295"}, &xt.Mark{Value: 0xffffffff, Mask: 0xffffffff}, " --mark 0xffffffff"},
		{[]string{"!", "--mark", "010"}, &xt.Mark{Value: 8, Mask: 0xffffffff, Invert: true}, " ! --mark 0x8"},
		{[]string{"--mark", "1/0"}, &xt.Mark{Value: 1}, " --mark 0x1/0x0"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "mark", 0, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.Mark), cmp.AllowUnexported(xt.Mark{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestMarkErrors(t *testing.T) {
	for _, arg := range []string{"4294967296", "-1", "1/", "1x", "1/2/3", "", "/1", "1/-1"} {
		if _, err := mtParse(t, "mark", 0, "--mark", arg); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", arg, err)
		}
	}
	if _, err := mtParse(t, "mark", 0); err == nil {
		t.Error("built without --mark")
	}
}

func FuzzDecodeMark(f *testing.F) {
	mtFuzz(f, "mark", 1,
		[]byte{0xfe, 0xca, 0xed, 0xfe, 0xfe, 0xca, 0xed, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0},
	)
}
