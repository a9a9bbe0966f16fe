package xt_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The kernel here runs without SELinux, so it refuses every SECMARK rule
// (it cannot map a context to a security id): the golden fixture holds
// only refused rules, and TestSecMarkEncoding checks the bytes iptables
// 1.8.9 sent for "-t security -A INPUT -j SECMARK --selctx
// system_u:object_r:x:s0", read with strace.
func TestSecMarkConformance(t *testing.T) {
	runConformance(t, 2, "libxt_SECMARK.t")
}

func TestSecMarkEncoding(t *testing.T) {
	const ctx = "system_u:object_r:x:s0"
	v1 := make([]byte, 264)
	v1[0] = 1
	copy(v1[1:], ctx)
	v0 := make([]byte, 264)
	v0[0], v0[4] = 1, 7
	copy(v0[8:], ctx)
	for _, c := range []struct {
		v    *xt.SecMark
		want []byte
	}{
		{&xt.SecMark{Rev: 1, Context: ctx}, v1},
		{&xt.SecMark{Context: ctx, SecID: 7}, v0},
	} {
		got, err := c.v.AppendBinary(nil)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%+v: encodes as %x, %v; want %x", c.v, got, err, c.want)
		}
		if d := diffExt(c.v, decode(xt.KindTarget, "SECMARK", c.v.Rev, c.want)); d != "" {
			t.Errorf("decode (-want +got):\n%s", d)
		}
	}
	bad := append([]byte{2}, v1[1:]...)
	checkTargetDecodeUnknown(t, "SECMARK", 1, bad, bytes.Repeat([]byte{1}, 264))
	if _, err := (&xt.SecMark{Context: strings.Repeat("a", 256)}).AppendBinary(nil); err == nil {
		t.Error("a 256-byte context encodes")
	}
}

func TestSecMarkBuild(t *testing.T) {
	long := strings.Repeat("x", 300)
	checkBuilds(t, xt.KindTarget, "SECMARK", ruleCtx("security", "INPUT", 0), []buildCase{
		{[]string{"--selctx", "system_u:object_r:firewalld_exec_t:s0"},
			&xt.SecMark{Rev: 1, Context: "system_u:object_r:firewalld_exec_t:s0"}, " --selctx system_u:object_r:firewalld_exec_t:s0"},
		{[]string{"--selctx", long}, &xt.SecMark{Rev: 1, Context: long[:255]}, " --selctx " + long[:255]},
	})
	checkBuilds(t, xt.KindTarget, "SECMARK", ruleCtx("mangle", "OUTPUT", 0, 0), []buildCase{
		{[]string{"--selctx=a:b"}, &xt.SecMark{Context: "a:b"}, " --selctx a:b"},
	})
	ctx := ruleCtx("mangle", "INPUT", 0)
	checkTargetInvalid(t, "SECMARK", ctx, nil, []string{"--selctx", ""}, []string{"--selctx", "a", "--selctx", "a"})
	checkTargetInvalid(t, "SECMARK", ruleCtx("filter", "INPUT", 0), []string{"--selctx", "a"})
}

func TestSecMarkPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.SecMark{Rev: 1, Context: "system_u:object_r:x:s0"}, numeric: " SECMARK selctx system_u:object_r:x:s0"},
	})
}

func FuzzDecodeSecMark(f *testing.F) {
	p := make([]byte, 264)
	p[0], p[1] = 1, 'a'
	addSeeds(f, 1, p)
	addSeeds(f, 0, p)
	fuzzDecode(f, xt.KindTarget, "SECMARK", 0, 1)
}
