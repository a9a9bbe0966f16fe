package xt_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// The 256-character comment that libxt_comment.t lists as "should fail"
// is commented out there: iptables 1.8.9 and 1.8.11 both keep its first
// 255 characters, and so do we.
func TestCommentConformance(t *testing.T) {
	n := mtConformance(t, "libxt_comment.t")
	t.Logf("libxt_comment.t: %d lines pass", n)
}

func TestCommentBuild(t *testing.T) {
	long := strings.Repeat("x", 256)
	tests := []struct {
		arg, want, save string
	}{
		{"foo", "foo", " --comment foo"},
		{"hello world", "hello world", ` --comment "hello world"`},
		{`a"b\c'd`, `a"b\c'd`, ` --comment "a\"b\\c\'d"`},
		{"", "", ` --comment ""`},
		{long, long[:255], " --comment " + long[:255]},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "comment", 0, "--comment", tt.arg)
		if err != nil {
			t.Errorf("%q: %v", tt.arg, err)
			continue
		}
		if diff := cmp.Diff(&xt.Comment{Text: tt.want}, got.(*xt.Comment), cmp.AllowUnexported(xt.Comment{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.arg, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.arg, s, tt.save)
		}
	}
}

func TestCommentErrors(t *testing.T) {
	if _, err := mtParse(t, "comment", 0); err == nil {
		t.Error("built without --comment")
	}
	if _, err := mtParse(t, "comment", 0, "!", "--comment", "x"); err == nil {
		t.Error("built an inverted --comment")
	}
	for _, text := range []string{strings.Repeat("y", 256), "a\x00b"} {
		if _, err := (&xt.Comment{Text: text}).AppendBinary(nil); err == nil {
			t.Errorf("%q encoded", text)
		}
	}
}

func FuzzDecodeComment(f *testing.F) {
	mtFuzz(f, "comment", 0,
		append([]byte("foo"), make([]byte, 253)...),
		make([]byte, 256),
	)
}
