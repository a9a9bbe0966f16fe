package xt_test

import (
	"net/netip"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libipt_TPROXY.t: every line passes (there is no libxt_TPROXY.t).
func TestTProxyConformance(t *testing.T) {
	runConformance(t, 3, "libipt_TPROXY.t")
}

func TestTProxyBuild(t *testing.T) {
	a := netip.MustParseAddr
	for _, rev := range []uint8{0, 1} {
		ctx := ruleCtx("mangle", "PREROUTING", 6, rev)
		checkBuilds(t, xt.KindTarget, "TPROXY", ctx, []buildCase{
			{[]string{"--on-port", "12345", "--on-ip", "10.0.0.1", "--tproxy-mark", "0x23/0xff"},
				&xt.TProxy{Rev: rev, Port: 12345, Addr: a("10.0.0.1"), MarkValue: 0x23, MarkMask: 0xff},
				" --on-port 12345 --on-ip 10.0.0.1 --tproxy-mark 0x23/0xff"},
			{[]string{"--on-port", "0"}, &xt.TProxy{Rev: rev}, " --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0"},
			{[]string{"--on-port", "http", "--tproxy-mark", "5"}, &xt.TProxy{Rev: rev, Port: 80, MarkValue: 5, MarkMask: 0xffffffff},
				" --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x5/0xffffffff"},
			// getaddrinfo cuts the port to 16 bits.
			{[]string{"--on-port", "65536"}, &xt.TProxy{Rev: rev}, " --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0"},
			{[]string{"--on-port", "0x10"}, nil, ""},
			{[]string{"--on-ip", "10.0.0.1"}, nil, ""},
			{[]string{"--on-port", "1", "--tproxy-mark", "1/2/3"}, nil, ""},
			{[]string{"--on-port", "1", "--on-ip", "::1"}, nil, ""},
			{[]string{"!", "--on-port", "1"}, nil, ""},
		})
	}
}

func TestTProxyKernelChecks(t *testing.T) {
	args := []string{"--on-port", "1"}
	for _, ctx := range []*xt.Context{
		ruleCtx("mangle", "PREROUTING", 0), ruleCtx("mangle", "PREROUTING", 1),
		ruleCtx("mangle", "OUTPUT", 6), ruleCtx("filter", "INPUT", 6),
		{Family: xt.FamilyIPv4, Table: "mangle", Chain: "PREROUTING", Proto: 6, InvProto: true},
	} {
		checkBuild(t, xt.KindTarget, "TPROXY", ctx, args, nil)
	}
	checkBuild(t, xt.KindTarget, "TPROXY", ruleCtx("mangle", "PREROUTING", 17), args, &xt.TProxy{Rev: 1, Port: 1})
	if _, err := (&xt.TProxy{Rev: 2}).AppendBinary(nil); err == nil {
		t.Error("revision 2 encoded")
	}
	if _, err := (&xt.TProxy{Rev: 1, Addr: netip.MustParseAddr("::1")}).AppendBinary(nil); err == nil {
		t.Error("IPv6 address encoded")
	}
}

func TestTProxyInvalid(t *testing.T) {
	checkTargetInvalid(t, "TPROXY", ruleCtx("mangle", "PREROUTING", 6),
		nil, []string{"--on-port", "0x10"}, []string{"--on-port", "1", "--tproxy-mark", "x"},
		[]string{"--on-port", "1", "--on-ip", "::1"})
	checkTargetInvalid(t, "TPROXY", ruleCtx("mangle", "PREROUTING", 1), []string{"--on-port", "1"})
}

func TestTProxyPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.TProxy{Rev: 1, Port: 12345, Addr: netip.MustParseAddr("10.0.0.1"), MarkValue: 0x23, MarkMask: 0xff},
			numeric: " TPROXY redirect 10.0.0.1:12345 mark 0x23/0xff"},
		{ext: &xt.TProxy{Port: 1}, numeric: " TPROXY redirect 0.0.0.0:1 mark 0x0/0x0"},
	})
}

func FuzzDecodeTProxy(f *testing.F) {
	addSeeds(f, 0, make([]byte, 16))
	addSeeds(f, 1, make([]byte, 32))
	fuzzDecode(f, xt.KindTarget, "TPROXY", 0, 1)
}
