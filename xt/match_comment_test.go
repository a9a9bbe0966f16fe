package xt_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The 256-character comment that libxt_comment.t lists as "should fail"
// is commented out there: iptables 1.8.9 and 1.8.11 both keep its first
// 255 characters, and so do we.
func TestCommentConformance(t *testing.T) {
	runConformance(t, 5, "libxt_comment.t")
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
		checkBuildSave(t, xt.KindMatch, "comment", ruleCtx("filter", "INPUT", 0), []string{"--comment", tt.arg}, &xt.Comment{Text: tt.want}, tt.save)
	}
}

func TestCommentErrors(t *testing.T) {
	checkRefused(t, "comment", 0)                        // built without --comment
	checkRefused(t, "comment", 0, "!", "--comment", "x") // built an inverted --comment
	for _, text := range []string{strings.Repeat("y", 256), "a\x00b"} {
		if _, err := (&xt.Comment{Text: text}).AppendBinary(nil); err == nil {
			t.Errorf("%q encoded", text)
		}
	}
}

func FuzzDecodeComment(f *testing.F) {
	addSeeds(f, 0,
		append([]byte("foo"), make([]byte, 253)...),
		make([]byte, 256),
	)
	fuzzDecode(f, xt.KindMatch, "comment", 0)
}
