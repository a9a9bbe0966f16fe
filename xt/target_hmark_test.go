package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestHMarkConformance(t *testing.T) {
	runConformance(t, 6, "libxt_HMARK.t")
}

var (
	hmarkOnes = netip.MustParseAddr("255.255.255.255")
	hmark24   = netip.MustParseAddr("255.255.255.0")
)

// Difference from iptables 1.8.9: a --hmark-src-prefix that is no prefix
// length, such as 33, is read as an IPv4 mask (0.0.0.33). 1.8.9 then sets
// all 16 bytes of the mask (a /32); 1.8.11 keeps the mask, which saves as
// prefix -1. We follow 1.8.11, so the golden fixture leaves that case out.
func TestHMarkBuild(t *testing.T) {
	ctx := ruleCtx("mangle", "PREROUTING", 0)
	base := []string{"--hmark-mod", "7", "--hmark-rnd", "0x10"}
	with := func(args ...string) []string { return append(args, base...) }
	const tail = " --hmark-rnd 0x00000010 --hmark-mod 7"
	flags := xt.HMarkRnd | xt.HMarkModulus
	checkBuilds(t, xt.KindTarget, "HMARK", ctx, []buildCase{
		{with("--hmark-tuple", "ct"), &xt.HMark{Flags: flags | xt.HMarkCT, Rnd: 16, Modulus: 7}, tail + " --hmark-tuple ct"},
		{with("--hmark-tuple", "s,Dp,pr"), &xt.HMark{Flags: flags | xt.HMarkSrcMask | xt.HMarkDstPortMask | xt.HMarkProtoMask,
			SrcMask: hmarkOnes, SrcMaskWide: true, PortMask: 0xffff, ProtoMask: 0xffff, Rnd: 16, Modulus: 7},
			" --hmark-src-prefix 32 --hmark-dport-mask 0xffff --hmark-proto-mask 0xffff" + tail},
		{with("--hmark-src-prefix", "24", "--hmark-tuple", "src"), &xt.HMark{Flags: flags | xt.HMarkSrcMask,
			SrcMask: hmarkOnes, SrcMaskWide: true, Rnd: 16, Modulus: 7}, " --hmark-src-prefix 32" + tail},
		{with("--hmark-dst-prefix", "255.255.255.0", "--hmark-src-prefix", "0"), &xt.HMark{Flags: flags | xt.HMarkSrcMask | xt.HMarkDstMask,
			DstMask: hmark24, Rnd: 16, Modulus: 7}, " --hmark-src-prefix 0 --hmark-dst-prefix 24" + tail},
		{with("--hmark-src-prefix", "255.0.255.0"), &xt.HMark{Flags: flags | xt.HMarkSrcMask,
			SrcMask: netip.MustParseAddr("255.0.255.0"), Rnd: 16, Modulus: 7}, " --hmark-src-prefix -1" + tail},
		{with("--hmark-src-prefix", "33"), &xt.HMark{Flags: flags | xt.HMarkSrcMask,
			SrcMask: netip.MustParseAddr("0.0.0.33"), Rnd: 16, Modulus: 7}, " --hmark-src-prefix -1" + tail},
		{with("--hmark-sport-mask", "0x12", "--hmark-dport-mask", "0x3400", "--hmark-offset", "0x10"),
			&xt.HMark{Flags: flags | xt.HMarkSrcPortMask | xt.HMarkDstPortMask | xt.HMarkOffset, PortMask: 0x00123400, Rnd: 16, Modulus: 7, Offset: 16},
			" --hmark-sport-mask 0x0012 --hmark-dport-mask 0x3400" + tail + " --hmark-offset 16"},
		{with("--hmark-spi-mask", "0xabc", "--hmark-spi", "1"), &xt.HMark{Flags: flags | xt.HMarkSPIMask | xt.HMarkSPI,
			PortMask: 0xabc, PortSet: 1, Rnd: 16, Modulus: 7}, " --hmark-spi-mask 0x00000abc --hmark-spi 0x00000001" + tail},
		{with("--hmark-sport", "1", "--hmark-dport", "2", "--hmark-proto-mask", "0x1ff"), &xt.HMark{Flags: flags | xt.HMarkSrcPort | xt.HMarkDstPort | xt.HMarkProtoMask,
			PortSet: 0x10002, ProtoMask: 0x1ff, Rnd: 16, Modulus: 7}, " --hmark-sport 0x0001 --hmark-dport 0x0002 --hmark-proto-mask 0x1ff" + tail},
	})
	checkTargetInvalid(t, "HMARK", ctx,
		nil, []string{"--hmark-tuple", "ct"}, []string{"--hmark-tuple", "ct", "--hmark-mod", "1"},
		[]string{"--hmark-tuple", "ct", "--hmark-rnd", "1"}, base,
		with("--hmark-tuple", ""), with("--hmark-tuple", "src,"), with("--hmark-tuple", ",src"), with("--hmark-tuple", "ctx"),
		with("--hmark-tuple", "src", "--hmark-src-prefix", "1"), with("--hmark-tuple", "sport", "--hmark-tuple", "dport"),
		with("--hmark-tuple", "spi,sport"), with("--hmark-spi-mask", "1", "--hmark-dport-mask", "1"),
		with("--hmark-src-prefix", "x"), with("--hmark-sport", "65536"),
		with("--hmark-spi", "4294967296"), with("--hmark-tuple", "ct", "--hmark-mod", "0"),
		// The kernel refuses SPI values mixed with port values.
		with("--hmark-spi", "1", "--hmark-dport", "1"),
	)
}

func TestHMarkKernelChecks(t *testing.T) {
	spec, ok := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, "HMARK")
	if !ok {
		t.Fatal("HMARK is not registered")
	}
	ctx := ruleCtx("filter", "INPUT", 0)
	for _, h := range []*xt.HMark{
		{Flags: xt.HMarkCT},
		{Flags: xt.HMarkMethodL3, ProtoMask: 1, Modulus: 1},
		{Flags: xt.HMarkSPIMask | xt.HMarkSrcPortMask, Modulus: 1},
	} {
		if err := spec.CheckKernel(ctx, h); err == nil {
			t.Errorf("%+v passes the kernel checks", h)
		}
	}
	p := make([]byte, 64)
	p[4] = 1 // an IPv6 mask
	checkTargetDecodeUnknown(t, "HMARK", 0, p)
	if _, err := (&xt.HMark{SrcMask: netip.IPv6Loopback()}).AppendBinary(nil); err == nil {
		t.Error("an IPv6 mask encodes")
	}
}

func TestHMarkPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.HMark{Flags: xt.HMarkSrcMask | xt.HMarkDstMask | xt.HMarkSrcPortMask | xt.HMarkDstPortMask | xt.HMarkProtoMask |
			xt.HMarkRnd | xt.HMarkModulus | xt.HMarkOffset | xt.HMarkCT, SrcMask: hmarkOnes, DstMask: hmark24,
			PortMask: 0xffff0003, ProtoMask: 5, Rnd: 4, Modulus: 42, Offset: 0x1f},
			numeric: " HMARK mod 42 + 0x1f ct, src-prefix 32 dst-prefix 24 sport-mask 0xffff dport-mask 0x3 proto-mask 0x5 rnd 0x4 "},
		{ext: &xt.HMark{Flags: xt.HMarkSrcMask | xt.HMarkSPIMask | xt.HMarkSPI | xt.HMarkSrcPort | xt.HMarkDstPort,
			SrcMask: netip.MustParseAddr("255.0.255.0"), PortMask: 0xabc, PortSet: 0x10002},
			numeric: " HMARK src-prefix 4294967295 spi-mask 0xabc sport 0x1 dport 0x2 spi 0x10002 "},
	})
}

func FuzzDecodeHMark(f *testing.F) {
	p := make([]byte, 64)
	p[40], p[52] = 0x10, 1
	addSeeds(f, 0, p)
	fuzzDecode(f, xt.KindTarget, "HMARK", 0)
}
