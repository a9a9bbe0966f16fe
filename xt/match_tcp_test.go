package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Differences from iptables 1.8.9, which the machines here run: 1.8.9
// drops "! --sport 0:65535" (and --dport) from its save output, 1.8.11
// keeps it (libxt_tcp.t lines 10 and 16). We follow 1.8.11.
func TestTCPConformance(t *testing.T) {
	runConformance(t, 39, "libxt_tcp.t")
}

func TestTCPBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "tcp", ruleCtx("filter", "INPUT", 6), []buildCase{
		{nil, &xt.TCP{}, ""},
		{[]string{"--sport", "1:1023", "--dport", "ssh"},
			&xt.TCP{SrcPorts: &xt.PortRange{Min: 1, Max: 1023}, DstPorts: xt.SinglePort(22)},
			" --sport 1:1023 --dport 22"},
		{[]string{"!", "--sport", ":"},
			&xt.TCP{Invert: xt.TCPInvSrcPorts}, " ! --sport 0:65535"},
		{[]string{"--syn"},
			&xt.TCP{FlagsMask: xt.TCPFlagFIN | xt.TCPFlagSYN | xt.TCPFlagRST | xt.TCPFlagACK, FlagsComp: xt.TCPFlagSYN},
			" --tcp-flags FIN,SYN,RST,ACK SYN"},
		{[]string{"!", "--tcp-flags", "syn,,ack", "NONE", "!", "--tcp-option", "0x1f"},
			&xt.TCP{FlagsMask: xt.TCPFlagSYN | xt.TCPFlagACK, Option: 31, Invert: xt.TCPInvFlags | xt.TCPInvOption},
			" ! --tcp-option 31 ! --tcp-flags SYN,ACK NONE"},
		{[]string{"--tcp-flags=ALL", "URG"},
			&xt.TCP{FlagsMask: xt.TCPFlagALL, FlagsComp: xt.TCPFlagURG},
			" --tcp-flags FIN,SYN,RST,PSH,ACK,URG URG"},
	})
}

func TestTCPErrors(t *testing.T) {
	checkInvalid(t, "tcp", 6,
		[]string{"--sport", "4:3"},
		[]string{"--sport", "1", "--source-port", "2"},
		[]string{"--syn", "--tcp-flags", "SYN", "SYN"},
		[]string{"--tcp-flags", "SYN"},
		[]string{"--tcp-flags", "SYN", "!", "ACK"},
		[]string{"--tcp-flags", "SYN", "-ACK"},
		[]string{"--tcp-flags", "FOO", "SYN"},
		[]string{"--tcp-option", "0"},
		[]string{"--tcp-option", "256"},
		[]string{"--dport", "65536"},
		[]string{"--dport", ""},
	)
	checkRefused(t, "tcp", 17, "--dport", "1") // tcp built in a -p udp rule
	bad := xt.DecodeMatch(xt.FamilyIPv4, "tcp", 0, []byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0, 0x10, 0, 0, 0, 0})
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "tcp")
	if err := spec.CheckKernel(&xt.Context{Proto: 6}, bad); err == nil {
		t.Error("unknown inversion flag passed the kernel check")
	}
}

func TestTCPFlagsString(t *testing.T) {
	for f, want := range map[xt.TCPFlags]string{0: "NONE", xt.TCPFlagALL: "FIN,SYN,RST,PSH,ACK,URG", xt.TCPFlagACK | xt.TCPFlagSYN: "SYN,ACK", 0x40: "NONE"} {
		if got := f.String(); got != want {
			t.Errorf("%#x: %q, want %q", uint8(f), got, want)
		}
	}
}

func FuzzDecodeTCP(f *testing.F) {
	addSeeds(f, 0,
		make([]byte, 16),
		[]byte{0x01, 0x00, 0xff, 0x03, 0x16, 0x00, 0x16, 0x00, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 3, 0x02, 0x02, 0x0f, 0, 0, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "tcp", 0)
}

func BenchmarkTCP(b *testing.B) {
	data := []byte{0x01, 0x00, 0xff, 0x03, 0x16, 0x00, 0x16, 0x00, 0, 0x17, 0x02, 0x04, 0, 0, 0, 0}
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		m := xt.DecodeMatch(xt.FamilyIPv4, "tcp", 0, data)
		buf, _ = m.AppendBinary(buf[:0])
		buf = m.AppendSave(buf[:0])
	}
}
