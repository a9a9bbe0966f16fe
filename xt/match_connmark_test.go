package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

func TestConnMarkConformance(t *testing.T) {
	n := mtConformance(t, "libxt_connmark.t")
	t.Logf("libxt_connmark.t: %d lines pass", n)
}

func TestConnMarkBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.ConnMark
		save string
	}{
		{[]string{"--mark", "0xffffffff/0xffffffff"}, &xt.ConnMark{Value: 0xffffffff, Mask: 0xffffffff}, " --mark 0xffffffff"},
		{[]string{"--mark", "0/0xffffffff"}, &xt.ConnMark{Mask: 0xffffffff}, " --mark 0x0"},
		{[]string{"!", "--mark", "1/0xf"}, &xt.ConnMark{Value: 1, Mask: 0xf, Invert: true}, " ! --mark 0x1/0xf"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "connmark", 0, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.ConnMark), cmp.AllowUnexported(xt.ConnMark{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestConnMarkErrors(t *testing.T) {
	for _, arg := range []string{"-1", "0xfffffffff", "1x"} {
		if _, err := mtParse(t, "connmark", 0, "--mark", arg); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", arg, err)
		}
	}
	if _, err := mtParse(t, "connmark", 0); err == nil {
		t.Error("built without --mark")
	}
}

func FuzzDecodeConnMark(f *testing.F) {
	mtFuzz(f, "connmark", 1,
		[]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{1, 0, 0, 0, 0xf, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
	)
}
