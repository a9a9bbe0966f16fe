package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Differences from iptables 1.8.9: 1.8.9 drops "! --sport 0:65535" from its
// save output and accepts a backwards range such as --sport 4:3; 1.8.11
// keeps the first and refuses the second (libxt_udp.t lines 10, 13, 16 and
// 19). We follow 1.8.11.
func TestUDPConformance(t *testing.T) {
	runConformance(t, 33, "libxt_udp.t")
}

func TestUDPBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "udp", ruleCtx("filter", "INPUT", 17), []buildCase{
		{nil, &xt.UDP{}, ""},
		{[]string{"--sport", "1024:", "--dport", "domain"},
			&xt.UDP{SrcPorts: &xt.PortRange{Min: 1024, Max: 65535}, DstPorts: xt.SinglePort(53)},
			" --sport 1024:65535 --dport 53"},
		{[]string{"!", "--dport", ":"}, &xt.UDP{Invert: xt.UDPInvDstPorts}, " ! --dport 0:65535"},
		// glibc's getaddrinfo reads the service as a decimal number,
		// truncated to 16 bits.
		{[]string{"--dport", "70000"}, &xt.UDP{DstPorts: xt.SinglePort(4464)}, " --dport 4464"},
		{[]string{"--dport", ""}, &xt.UDP{DstPorts: xt.SinglePort(0)}, " --dport 0"},
		{[]string{"--sport", "+5", "--dport", ":0"}, &xt.UDP{SrcPorts: xt.SinglePort(5), DstPorts: xt.SinglePort(0)}, " --sport 5 --dport 0"},
	})
}

func TestUDPErrors(t *testing.T) {
	checkInvalid(t, "udp", 17,
		[]string{"--sport", "4:3"},
		[]string{"--sport", "-1"},
		[]string{"--sport", "0x10"},
		[]string{"--dport", "2147483648"},
		[]string{"--dport", "1:2:3"},
		[]string{"--dport", "5 "},
		[]string{"--dport", "1", "--destination-port", "2"},
	)
	checkRefused(t, "udp", 136, "--dport", "1") // udp built in a -p udplite rule
}

func FuzzDecodeUDP(f *testing.F) {
	addSeeds(f, 0,
		make([]byte, 16),
		[]byte{0, 0, 0xff, 0xff, 0x35, 0, 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "udp", 0)
}
